package io.seam.cdc.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MergePlanTest {
  private final MergePlan plan = new MergePlan(List.of("id", "amount", "body"), List.of("id"), List.of("body"));
  private final String sql = plan.renderUpdates("delta.`/lake/t`", "batch", Optional.empty());
  private final String inserts = plan.renderInserts("delta.`/lake/t`", "batch", Optional.empty());

  @Test
  void onlyANewerVersionChangesARow() {
    assertThat(sql).startsWith("MERGE INTO delta.`/lake/t` AS t USING batch AS s ON t.`id` = s.`id`"
        + " WHEN MATCHED AND s.`_seam_version` > t.`_seam_version` THEN UPDATE SET ");
  }

  @Test
  void deletesKeepTheLastValuesAndUnchangedToastKeepsTheTargets() {
    assertThat(sql).contains("t.`amount` = CASE WHEN s.`_seam_deleted` THEN t.`amount` ELSE s.`amount` END");
    assertThat(sql).contains("t.`body` = CASE WHEN s.`_seam_deleted` OR s.`__u_body` THEN t.`body` ELSE s.`body` END");
    assertThat(sql).contains("t.`_seam_deleted` = s.`_seam_deleted`");
    assertThat(sql).doesNotContain("t.`id` = CASE");
  }

  @Test
  void updatesOnlyMatchSoDeltaCanBroadcastTheBatchInsteadOfShufflingTheTarget() {
    assertThat(sql).doesNotContain("NOT MATCHED").endsWith("t.`_seam_applied_at` = s.`_seam_applied_at`");
    assertThat(inserts).doesNotContain("WHEN MATCHED");
  }

  @Test
  void unknownKeysAreInsertedEvenAsTombstones() {
    assertThat(inserts).isEqualTo("MERGE INTO delta.`/lake/t` AS t USING batch AS s ON t.`id` = s.`id`"
        + " WHEN NOT MATCHED THEN INSERT (`id`, `amount`, `body`, `_seam_version`, `_seam_op`,"
        + " `_seam_deleted`, `_seam_source_ts`, `_seam_applied_at`) VALUES (s.`id`, s.`amount`, CASE WHEN"
        + " s.`__u_body` THEN NULL ELSE s.`body` END, s.`_seam_version`, s.`_seam_op`, s.`_seam_deleted`,"
        + " s.`_seam_source_ts`, s.`_seam_applied_at`)");
  }

  @Test
  void aSmallTargetTakesBothClausesInOneStatement() {
    String upserts = plan.renderUpserts("delta.`/lake/t`", "batch", Optional.empty());
    String updateClause = sql.substring(sql.indexOf(" WHEN MATCHED"));
    String insertClause = inserts.substring(inserts.indexOf(" WHEN NOT MATCHED"));
    assertThat(upserts).isEqualTo("MERGE INTO delta.`/lake/t` AS t USING batch AS s ON t.`id` = s.`id`"
        + updateClause + insertClause);
  }

  @Test
  void namesAreQuoted() {
    assertThat(new MergePlan(List.of("Order Id", "a`b"), List.of("Order Id"), List.of())
        .renderUpdates("x", "y", Optional.empty()))
        .contains("ON t.`Order Id` = s.`Order Id`").contains("t.`a``b` = CASE");
  }

  @Test
  void theBatchsKeyRangeIsATargetOnlyConjunctDeltaPrunesFilesWith() {
    MergePlan p = new MergePlan(List.of("id", "amount"), List.of("id"), List.of());
    Optional<KeyRange> range = Optional.of(new KeyRange("id", 17L, 9_000_000_000L));
    assertThat(p.renderUpdates("x", "y", range))
        .contains("ON t.`id` = s.`id` AND t.`id` BETWEEN 17L AND 9000000000L WHEN MATCHED");
    assertThat(p.renderInserts("x", "y", range))
        .contains("ON t.`id` = s.`id` AND t.`id` BETWEEN 17L AND 9000000000L WHEN NOT MATCHED");
  }

  @Test
  void keyRangeLiteralsAreExactOrAbsent() {
    assertThat(new KeyRange("code", "O'Brien\\", "z").targetPredicate())
        .hasValue("t.`code` BETWEEN 'O\\'Brien\\\\' AND 'z'");
    assertThat(new KeyRange("amount", new java.math.BigDecimal("-1.50"), new java.math.BigDecimal("2E+3"))
        .targetPredicate()).hasValue("t.`amount` BETWEEN -1.50BD AND 2000BD");
    assertThat(new KeyRange("d", java.sql.Date.valueOf("2024-02-29"), java.sql.Date.valueOf("2024-03-01"))
        .targetPredicate()).hasValue("t.`d` BETWEEN DATE '2024-02-29' AND DATE '2024-03-01'");
    assertThat(new KeyRange("n", 1, (short) 2).targetPredicate()).hasValue("t.`n` BETWEEN 1 AND 2");
    assertThat(new KeyRange("ts", new java.sql.Timestamp(0), new java.sql.Timestamp(1)).targetPredicate())
        .as("no pruning rather than a literal that might shift").isEmpty();
  }
}
