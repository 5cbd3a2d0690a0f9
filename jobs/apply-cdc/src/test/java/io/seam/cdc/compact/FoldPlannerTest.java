package io.seam.cdc.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.cdc.compact.FoldPlanner.Pending;
import io.seam.core.Lsn;
import io.seam.core.ParityCut;
import io.seam.core.live.FreezeHold;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FoldPlannerTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final FoldPlanner PLANNER = new FoldPlanner(1000, Duration.ofMinutes(30));

  @Test
  void manyOrOldChangesAreFoldedAFewFreshOnesWait() {
    Pending many = new Pending("public.orders", 1000, 1, 7, NOW);
    Pending old = new Pending("public.items", 3, 2, 5, NOW.minus(Duration.ofMinutes(30)));
    Pending fresh = new Pending("public.customers", 999, 1, 7, NOW.minusSeconds(1799));
    assertThat(PLANNER.choose(List.of(many, old, fresh), NOW, false)).containsExactly(many, old);
    assertThat(PLANNER.choose(List.of(many, old, fresh), NOW, true)).as("a drain's end folds everything")
        .containsExactly(many, old, fresh);
  }

  @Test
  void onlyRowsFoldedByAnEndedRoundAndNotDeletedYetAreDeleted() {
    assertThat(FoldPlanner.deletePredicates(Map.of("public.a", 5L, "public.b", 7L), Map.of("public.b", 7L),
        Optional.empty(), -1)).containsExactly("batch_id <= 5 AND ((table_name = 'public.a' AND batch_id <= 5))");
    assertThat(FoldPlanner.deletePredicates(Map.of("public.a", 5L, "o'b.c", 2L), Map.of(), Optional.empty(), -1))
        .containsExactly("batch_id <= 5 AND ((table_name = 'o\\'b.c' AND batch_id <= 2) OR (table_name = 'public.a'"
            + " AND batch_id <= 5))");
    assertThat(FoldPlanner.deletePredicates(Map.of("public.a", 5L), Map.of("public.a", 5L), Optional.empty(), -1))
        .isEmpty();
  }

  @Test
  void wholeBatchesGoByTheirPartitionAndOnlyTheTablesFoldedBeyondThemByTheirRows() {
    assertThat(FoldPlanner.deletePredicates(Map.of("public.a", 9L, "public.b", 4L), Map.of(), Optional.of(4L), -1))
        .containsExactly("batch_id <= 4", "batch_id > 4 AND batch_id <= 9 AND ((table_name = 'public.a' AND"
            + " batch_id <= 9))");
    assertThat(FoldPlanner.deletePredicates(Map.of("public.a", 9L), Map.of(), Optional.of(9L), -1))
        .as("one table, or every table folded together: no file is read").containsExactly("batch_id <= 9");
    assertThat(FoldPlanner.deletePredicates(Map.of("public.a", 9L), Map.of("public.a", 4L), Optional.of(4L), 4))
        .as("what an earlier round cleared is not named again")
        .containsExactly("batch_id > 4 AND batch_id <= 9 AND ((table_name = 'public.a' AND batch_id <= 9))");
  }

  @Test
  void batchesAreClearableBelowTheFirstChangeARoundLeftUnfolded() {
    Pending a = new Pending("public.a", 10, 3, 9, NOW);
    Pending b = new Pending("public.b", 10, 6, 9, NOW);
    assertThat(FoldPlanner.clearableThrough(List.of(a, b), Map.of("public.a", 9L, "public.b", 9L))).contains(9L);
    assertThat(FoldPlanner.clearableThrough(List.of(a, b), Map.of("public.a", 9L)))
        .as("b's changes from batch 6 on are not in its base").contains(5L);
    assertThat(FoldPlanner.clearableThrough(List.of(a, b), Map.of("public.a", 2L, "public.b", 1L)))
        .as("a round that folded nothing").contains(2L);
    assertThat(FoldPlanner.clearableThrough(List.of(new Pending("public.a", 1, 0, 3, NOW)), Map.of())).isEmpty();
    assertThat(FoldPlanner.clearableThrough(List.of(), Map.of())).isEmpty();
  }

  @Test
  void eachTableReadsOnlyWhatNoFoldPutInItsBase() {
    assertThat(FoldPlanner.unfoldedPredicate(Map.of())).isEqualTo("true");
    assertThat(FoldPlanner.unfoldedPredicate(Map.of("public.b", 9L, "public.a", 4L)))
        .isEqualTo("batch_id > CASE table_name WHEN 'public.a' THEN 4 WHEN 'public.b' THEN 9 ELSE -1 END");
  }

  @Test
  void aHeldTableIsFoldedOnlyThroughTheBatchBeforeItsFirstHeldChange() {
    Pending held = new Pending("public.orders", 5000, 3, 9, NOW, Optional.of(6L));
    Pending allHeld = new Pending("public.items", 5000, 4, 9, NOW, Optional.of(4L));
    Pending free = new Pending("public.customers", 5000, 2, 9, NOW);
    assertThat(held.foldableThrough()).isEqualTo(5);
    assertThat(free.foldableThrough()).isEqualTo(9);
    assertThat(PLANNER.choose(List.of(held, allHeld, free), NOW, true))
        .as("items' first unfolded batch is held: nothing of it is folded, even by a drain's end")
        .containsExactly(new Pending("public.orders", 5000, 3, 5, NOW, Optional.of(6L)), free);
  }

  @Test
  void theHoldsCutIsTheEarliestFreezesAndAHoldWithoutAFreezeYetHoldsEveryStreamedChange() {
    Lsn f1 = Lsn.parse("0/5000000");
    Lsn f2 = Lsn.parse("0/3000000");
    Function<Lsn, Optional<Lsn>> commits = f -> Optional.of(new Lsn(f.value() - 0x100));
    FreezeHold a = new FreezeHold("run-a", Optional.of(f1), NOW);
    FreezeHold b = new FreezeHold("run-b", Optional.of(f2), NOW);
    assertThat(FoldPlanner.holdCut(List.of(), commits)).isEmpty();
    assertThat(FoldPlanner.holdCut(List.of(a, b), commits))
        .contains(ParityCut.of(f2, commits.apply(f2)).firstVersionAfter());
    assertThat(FoldPlanner.holdCut(List.of(a, new FreezeHold("run-c", Optional.empty(), NOW)), commits))
        .as("F not named yet: only backfilled rows (version 0) may be folded").contains(BigDecimal.ONE);
    assertThat(FoldPlanner.holdCut(List.of(a), f -> Optional.empty()))
        .as("no streamed commit at or before F yet").contains(BigDecimal.ONE);
  }
}
