package io.seam.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParityCutTest {
  // Commit order: T1 commits at 0/100, T2 at 0/200 (the last one at or before the freeze), T3 at 0/300.
  private static final Lsn C1 = Lsn.parse("0/100");
  private static final Lsn C2 = Lsn.parse("0/200");
  private static final Lsn FREEZE = Lsn.parse("0/250");
  private final ParityCut cut = ParityCut.of(FREEZE, Optional.of(C2));

  private static BigDecimal change(Lsn previousCommit, long position) {
    return new ChangeVersion(previousCommit, position).toDecimal();
  }

  @Test
  void transactionsCommittedAtOrBeforeTheFreezeAreIn() {
    assertThat(cut.isAfter(change(C1, 1))).as("T2's first change: key C1 < C2").isFalse();
    assertThat(cut.isAfter(change(C1, 70_000))).as("T2's last change").isFalse();
    assertThat(cut.isAfter(change(Lsn.parse("0/180"), 3))).as("T2 after an empty transaction at 0/180").isFalse();
    assertThat(cut.isAfter(ChangeVersion.BACKFILL.toDecimal())).as("backfilled rows").isFalse();
  }

  @Test
  void theFirstTransactionAfterTheFreezeIsOutThoughItsKeyIsBelowTheFreeze() {
    assertThat(C2.isAfter(FREEZE)).isFalse();
    assertThat(cut.isAfter(change(C2, 1))).as("T3: key C2 < F, yet it committed after F").isTrue();
    assertThat(cut.isAfter(change(Lsn.parse("0/260"), 1))).as("later transactions").isTrue();
  }

  @Test
  void withNoStreamedCommitBeforeTheFreezeEveryStreamedChangeIsOut() {
    ParityCut none = ParityCut.of(FREEZE, Optional.empty());
    assertThat(none.isAfter(ChangeVersion.BACKFILL.toDecimal())).isFalse();
    assertThat(none.isAfter(change(new Lsn(0), 1))).as("first transaction after a fresh start").isTrue();
    assertThat(none.isAfter(change(Lsn.parse("0/50"), 1))).isTrue();
  }

  @Test
  void predicateMatchesAndInputsAreChecked() {
    assertThat(cut.afterPredicate("_seam_version")).isEqualTo("_seam_version >= " + change(C2, 1).toPlainString());
    assertThatThrownBy(() -> ParityCut.of(FREEZE, Optional.of(Lsn.parse("0/300"))))
        .hasMessage("commit 0/300 is after the freeze 0/250");
  }
}
