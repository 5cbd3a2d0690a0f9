package io.seam.cdc.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.cdc.compact.FoldPlanner.Pending;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldPlannerTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final FoldPlanner PLANNER = new FoldPlanner(1000, Duration.ofMinutes(30));

  @Test
  void manyOrOldChangesAreFoldedAFewFreshOnesWait() {
    Pending many = new Pending("public.orders", 1000, 7, NOW);
    Pending old = new Pending("public.items", 3, 5, NOW.minus(Duration.ofMinutes(30)));
    Pending fresh = new Pending("public.customers", 999, 7, NOW.minusSeconds(1799));
    assertThat(PLANNER.choose(List.of(many, old, fresh), NOW, false)).containsExactly(many, old);
    assertThat(PLANNER.choose(List.of(many, old, fresh), NOW, true)).as("a drain's end folds everything")
        .containsExactly(many, old, fresh);
  }

  @Test
  void onlyRowsFoldedByAnEndedRoundAndNotDeletedYetAreDeleted() {
    assertThat(FoldPlanner.deletePredicate(Map.of("public.a", 5L, "public.b", 7L), Map.of("public.b", 7L)))
        .contains("batch_id <= 5 AND ((table_name = 'public.a' AND batch_id <= 5))");
    assertThat(FoldPlanner.deletePredicate(Map.of("public.a", 5L, "o'b.c", 2L), Map.of()))
        .contains("batch_id <= 5 AND ((table_name = 'o\\'b.c' AND batch_id <= 2) OR (table_name = 'public.a' AND"
            + " batch_id <= 5))");
    assertThat(FoldPlanner.deletePredicate(Map.of("public.a", 5L), Map.of("public.a", 5L))).isEmpty();
  }

  @Test
  void eachTableReadsOnlyWhatNoFoldPutInItsBase() {
    assertThat(FoldPlanner.unfoldedPredicate(Map.of())).isEqualTo("true");
    assertThat(FoldPlanner.unfoldedPredicate(Map.of("public.b", 9L, "public.a", 4L)))
        .isEqualTo("batch_id > CASE table_name WHEN 'public.a' THEN 4 WHEN 'public.b' THEN 9 ELSE -1 END");
  }
}
