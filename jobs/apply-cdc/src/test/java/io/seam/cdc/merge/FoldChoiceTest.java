package io.seam.cdc.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.cdc.merge.FoldChoice.Shape;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FoldChoiceTest {
  private static final long MB = 1024L * 1024L;

  @Test
  void aSmallTargetTakesOneMergeWhichCannotBroadcast() {
    FoldChoice choice = FoldChoice.of(10, 10, 500_000, 64, () -> 64 * MB);

    assertThat(choice).isEqualTo(new FoldChoice(false, false, Shape.UPSERTS));
  }

  @Test
  void aLargeTargetTakesUpdatesThenInsertsWithFewKeysBroadcast() {
    assertThat(FoldChoice.of(10, 10, 500_000, 64, () -> 64 * MB + 1))
        .isEqualTo(new FoldChoice(false, true, Shape.UPDATES_THEN_INSERTS));
    assertThat(FoldChoice.of(600_000, 500_001, 500_000, 64, () -> 64 * MB + 1))
        .as("more keys than the broadcast limit").isEqualTo(new FoldChoice(true, false, Shape.UPDATES_THEN_INSERTS));
  }

  @Test
  void zeroLimitsTurnEachOptionOffWithoutAskingTheTargetsSize() {
    AtomicInteger asked = new AtomicInteger();
    FoldChoice choice = FoldChoice.of(1, 1, 0, 0, () -> {
      asked.incrementAndGet();
      return 0;
    });

    assertThat(choice).isEqualTo(new FoldChoice(false, false, Shape.UPDATES_THEN_INSERTS));
    assertThat(asked).as("the target's size costs a snapshot").hasValue(0);
  }

  @Test
  void onlyRepeatedKeysNeedTheLatestPerKey() {
    assertThat(FoldChoice.of(5, 5, 10, 0, () -> 0).latestPerKey()).isFalse();
    assertThat(FoldChoice.of(6, 5, 10, 0, () -> 0).latestPerKey()).isTrue();
    assertThatThrownBy(() -> FoldChoice.of(5, 6, 10, 0, () -> 0)).hasMessageContaining("distinct keys 6 of 5");
  }

  @Test
  void theInsertMergeRunsUnlessEveryKeyWasUpdated() {
    assertThat(FoldChoice.insertsAfter(Optional.of(5L), 5)).isFalse();
    assertThat(FoldChoice.insertsAfter(Optional.of(4L), 5)).as("a new key or a stale version").isTrue();
    assertThat(FoldChoice.insertsAfter(Optional.empty(), 5)).as("an update MERGE skipped as committed").isTrue();
  }
}
