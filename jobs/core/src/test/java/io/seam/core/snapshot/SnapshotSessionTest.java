package io.seam.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnapshotSessionTest {
  @Test
  void importsTheSnapshotInsideAnExplicitTransactionAndMarksIt() {
    assertThat(SnapshotSession.initStatement("00000003-00000002-1")).isEqualTo(
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '00000003-00000002-1';"
            + " SET LOCAL seam.snapshot = '00000003-00000002-1'");
  }

  @Test
  void guardChecksTheMarkerOfTheReadsOwnTransaction() {
    String guard = SnapshotSession.guardPredicate("00000003-00000002-1");
    assertThat(guard).startsWith("(SELECT CASE WHEN current_setting('seam.snapshot', true) = '00000003-00000002-1'"
        + " THEN true ELSE ('seam: this split is not reading inside the exported snapshot 00000003-00000002-1");
    assertThat(guard).endsWith("::boolean END)");
  }

  @Test
  void snapshotNamesAreQuotedAsLiterals() {
    assertThat(SnapshotSession.initStatement("x'; DROP TABLE t; --")).contains("'x''; DROP TABLE t; --'");
  }
}
