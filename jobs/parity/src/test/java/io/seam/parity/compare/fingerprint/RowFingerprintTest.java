package io.seam.parity.compare.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.core.config.TableConfig;
import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TableRef;
import io.seam.parity.compare.fingerprint.RowFingerprint.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowFingerprintTest {
  private static final TableRef T = new TableRef("public", "Orders");

  private static ColumnInfo col(String name, int ordinal, String type, int typmod) {
    return new ColumnInfo(name, ordinal, type, type.equals("numeric") ? "numeric(12,2)" : type, 'b', typmod, false,
        null, (char) 0);
  }

  private static final TableDescription TABLE = new TableDescription(T, 'r', 0, 8192, 0, 'd', List.of(
      col("id", 1, "int8", -1), col("Amount", 2, "numeric", (12 << 16) + 2 + 4), col("created at", 3, "timestamptz", -1),
      col("note", 4, "text", -1), col("d", 5, "date", -1)), List.of("id"));

  private static RowFingerprint fp(String day, String zone, List<String> sums) {
    return new RowFingerprint(TABLE, new TableConfig(T, List.of(), day, zone, sums), List.of("id"), 64,
        RowFingerprint.RowHash.PG_TEXT_HASH);
  }

  @Test
  void dayBucketsUseTheConfiguredZoneOnBothEngines() {
    RowFingerprint fp = fp("created at", "Europe/Berlin", List.of());
    assertThat(fp.dayOf(Dialect.POSTGRES)).isEqualTo(
        "coalesce(to_char((\"created at\" AT TIME ZONE 'Europe/Berlin')::date, 'YYYY-MM-DD'), '(none)')");
    assertThat(fp.pgDayGroup()).isEqualTo("(\"created at\" AT TIME ZONE 'Europe/Berlin')::date");
    assertThat(fp(null, "UTC", List.of()).pgDayGroup()).isEqualTo("1");
    assertThat(fp.dayOf(Dialect.SPARK)).isEqualTo(
        "coalesce(date_format(from_utc_timestamp(`created at`, 'Europe/Berlin'), 'yyyy-MM-dd'), '(none)')");
    assertThat(fp.pgDayPredicate("2024-03-10")).isEqualTo("(\"created at\" >= (DATE '2024-03-10')::timestamp AT TIME ZONE"
        + " 'Europe/Berlin' AND \"created at\" < (DATE '2024-03-10' + 1)::timestamp AT TIME ZONE 'Europe/Berlin')");
    assertThat(fp.pgDayPredicate(RowFingerprint.NO_DAY)).isEqualTo("\"created at\" IS NULL");
    // Spark's: a range Delta's file statistics can use, a day wider each side, then the exact day.
    assertThat(fp.sparkDayPredicate("2024-03-01")).isEqualTo("((`created at` >= TIMESTAMP '2024-02-29T00:00:00Z' AND"
        + " `created at` < TIMESTAMP '2024-03-03T00:00:00Z') AND coalesce(date_format(from_utc_timestamp(`created at`,"
        + " 'Europe/Berlin'), 'yyyy-MM-dd'), '(none)') = '2024-03-01')");
    assertThat(fp.sparkDayPredicate(RowFingerprint.NO_DAY)).isEqualTo("`created at` IS NULL");
    assertThat(fp("d", "UTC", List.of()).sparkDayPredicate("2024-01-01")).startsWith(
        "((`d` >= DATE '2023-12-31' AND `d` < DATE '2024-01-03') AND ");
    // Several days: the ranges (each day once) as a conjunct of their own, so Spark pushes them into the reader.
    assertThat(fp.sparkDaysFilter(List.of("2024-03-01", "2024-03-01", RowFingerprint.NO_DAY), List.of("A", "B")))
        .isEqualTo("((`created at` >= TIMESTAMP '2024-02-29T00:00:00Z' AND `created at` < TIMESTAMP"
            + " '2024-03-03T00:00:00Z') OR `created at` IS NULL) AND (A OR B)");
  }

  @Test
  void aTableWithoutADayColumnIsOneDayOfKeyBuckets() {
    RowFingerprint fp = fp(null, "UTC", List.of());
    assertThat(fp.hasDay()).isFalse();
    assertThat(fp.dayOf(Dialect.SPARK)).isEqualTo("'*'");
    assertThat(fp.keyBucket(Dialect.POSTGRES)).startsWith("(((hashtextextended(").endsWith(" % 64)::int");
    assertThat(fp.keyBucket(Dialect.SPARK)).startsWith("cast(pmod(seam_row_hash('i', cast(1 AS BIGINT), struct(`id`))").endsWith(", 64) AS INT)");
  }

  @Test
  void identifiersAreQuotedForEachEngine() {
    RowFingerprint fp = fp("d", "UTC", List.of("Amount"));
    assertThat(fp.rowHash(Dialect.POSTGRES)).contains("\"Amount\"", "\"created at\"").doesNotContain("`");
    assertThat(fp.rowHash(Dialect.SPARK)).contains("`Amount`", "`created at`").doesNotContain("\"Amount\"");
    assertThat(fp.aggregates(Dialect.POSTGRES)).contains("coalesce(sum(\"Amount\"), 0)::numeric(38,2) AS seam_sum_0");
  }

  @Test
  void badDayAndSumColumnsAreClearErrors() {
    assertThatThrownBy(() -> fp("nope", "UTC", List.of())).hasMessageContaining("day_column nope is not a column");
    assertThatThrownBy(() -> fp("note", "UTC", List.of())).hasMessageContaining("timestamptz, timestamp or date");
    assertThatThrownBy(() -> fp(null, "UTC", List.of("note"))).hasMessageContaining("only numeric columns");
    assertThatThrownBy(() -> fp("d", "UTC", List.of()).pgDayPredicate("2024-01-01'; DROP TABLE x; --"))
        .hasMessageContaining("not a day");
  }
}
