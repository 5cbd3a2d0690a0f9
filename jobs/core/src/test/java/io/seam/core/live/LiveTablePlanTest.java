package io.seam.core.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveTablePlanTest {
  private static final TableRef T = new TableRef("sales", "o'rders");

  private static LiveTablePlan plan() {
    List<ColumnInfo> columns = List.of(column("id", 1, "int8"), column("amount", 2, "numeric"),
        column("note", 3, "text"));
    TableDescription d = new TableDescription(T, 'r', 0, 8192, 0, 'd', columns, List.of("id"));
    return new LiveTablePlan(T.streamName(), columns.stream().map(c -> ColumnDecoding.of(d, c)).toList(),
        List.of("id"));
  }

  private static ColumnInfo column(String name, int ordinal, String type) {
    return new ColumnInfo(name, ordinal, type, type, 'b', type.equals("numeric") ? ((12 << 16) | 2) + 4 : -1, false,
        null, (char) 0);
  }

  @Test
  void decodesTheTablesChangesFromTheirPositionalImages() {
    String sql = plan().decodedChangesSql("log");
    assertThat(sql).startsWith("SELECT try_cast(get(image, 0) AS BIGINT) AS `id`, try_cast(get(image, 1) AS"
        + " DECIMAL(12,2)) AS `amount`, get(image, 2) AS `note`, coalesce((get(image, 2) <=> '"
        + ColumnDecoding.UNAVAILABLE + "'), false) AS `__u_note`, version AS `_seam_version`");
    assertThat(sql).as("the table's own rows, its name quoted as a literal")
        .endsWith(" FROM log WHERE table_name = 'sales.o\\'rders'");
  }

  @Test
  void aChangeWhoseValueDoesNotConvertOrWhoseKeyIsNullNamesWhy() {
    String sql = plan().imageErrorsSql();
    assertThat(sql).startsWith("concat_ws('; ', CASE WHEN get(image, 0) IS NOT NULL")
        .contains("CASE WHEN get(image, 0) IS NULL THEN 'primary key column id is null' END",
            "concat('column amount: cannot convert ', get(image, 1), ' to DECIMAL(12,2)')");
  }

  @Test
  void aChangesKeyIsNamedFromItsImageAsReportsNameKeys() {
    assertThat(plan().keyTextSql()).isEqualTo("concat_ws(', ', concat('id=', coalesce(get(image, 0), 'NULL')))");
  }

  @Test
  void onlyTextLikeColumnsCarryAToastFlag() {
    assertThat(plan().toastable()).containsExactly("note");
  }

  @Test
  void theBaseWinsATieAndKeepsToastAndTombstoneValues() {
    String sql = plan().resolvedSql("base", "log");
    String newer = "l.`id` IS NOT NULL AND l.`_seam_version` > b.`_seam_version`";
    assertThat(sql).as("a logged change replaces the base row only when strictly newer").contains(
        "CASE WHEN " + newer + " AND NOT (l.`_seam_deleted` OR l.`__u_note`) THEN l.`note` ELSE b.`note` END AS `note`",
        "CASE WHEN " + newer + " AND NOT (l.`_seam_deleted`) THEN l.`amount` ELSE b.`amount` END AS `amount`",
        "CASE WHEN " + newer + " THEN l.`_seam_deleted` ELSE b.`_seam_deleted` END AS `_seam_deleted`");
    assertThat(sql).as("keys the base lacks come from the log, an unknown TOAST value as NULL")
        .contains("UNION ALL SELECT l.`id` AS `id`, l.`amount` AS `amount`, CASE WHEN l.`__u_note` THEN NULL ELSE"
            + " l.`note` END AS `note`", "FROM l LEFT ANTI JOIN base b ON b.`id` = l.`id`");
  }

  @Test
  void theLiveViewLeavesTombstonesOut() {
    assertThat(plan().liveSql("base", "log")).startsWith("SELECT * FROM (WITH l AS (")
        .endsWith(") WHERE NOT `_seam_deleted`");
  }

  @Test
  void aTableNeedsAKey() {
    assertThatThrownBy(() -> new LiveTablePlan("public.t", List.of(), List.of()))
        .hasMessage("table public.t has no primary key");
  }
}
