package io.seam.parity.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CutoverCheckTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  private static CutoverCheck.Run run(int hours, Verdict v) {
    return new CutoverCheck.Run("r" + hours, T0.plus(Duration.ofHours(hours)), v);
  }

  @Test
  void readyAfterEnoughConsecutiveCleanRunsOverTheSoakPeriod() {
    var d = CutoverCheck.decide(List.of(run(0, Verdict.CLEAN), run(12, Verdict.CLEAN), run(24, Verdict.CLEAN)), 3,
        Duration.ofHours(24));
    assertThat(d.ready()).isTrue();
    assertThat(d.streak()).isEqualTo(3);
    assertThat(d.reason()).startsWith("cutover-ready");
  }

  @Test
  void aDifferenceOrAFailedRunStartsTheCountAgain() {
    var d = CutoverCheck.decide(List.of(run(0, Verdict.CLEAN), run(6, Verdict.DIFFERENCES), run(12, Verdict.CLEAN),
        run(24, Verdict.CLEAN)), 3, Duration.ofHours(1));
    assertThat(d.ready()).isFalse();
    assertThat(d.streak()).isEqualTo(2);
    assertThat(d.reason()).contains("2 consecutive clean run(s), 3 required");
    assertThat(CutoverCheck.decide(List.of(run(0, Verdict.CLEAN), run(1, Verdict.COULD_NOT_RUN)), 1, Duration.ZERO)
        .reason()).contains("COULD_NOT_RUN");
  }

  @Test
  void enoughRunsButTooShortASoakIsNotReady() {
    var d = CutoverCheck.decide(List.of(run(0, Verdict.CLEAN), run(1, Verdict.CLEAN), run(2, Verdict.CLEAN)), 3,
        Duration.ofHours(24));
    assertThat(d.ready()).isFalse();
    assertThat(d.reason()).contains("soak period is 24 h 0 min");
  }

  @Test
  void noHistoryIsNotReadyAndSaysWhatToRun() {
    assertThat(CutoverCheck.decide(List.of(), 1, Duration.ZERO).reason()).contains("bin/seam parity");
  }

  @Test
  void orderOfTheHistoryDoesNotMatter() {
    var d = CutoverCheck.decide(List.of(run(24, Verdict.CLEAN), run(0, Verdict.DIFFERENCES), run(12, Verdict.CLEAN)), 2,
        Duration.ofHours(12));
    assertThat(d.ready()).isTrue();
  }

  @Test
  void shadowRunsAreJudgedByTheSameRuleAndNamedAsSuch() {
    assertThat(CutoverCheck.decide("shadow", "bin/seam shadow --config FILE --queries DIR", List.of(), 1,
        Duration.ZERO).reason()).isEqualTo("not ready: no shadow run yet (bin/seam shadow --config FILE --queries DIR)");
    assertThat(CutoverCheck.decide("shadow", "bin/seam shadow", List.of(run(0, Verdict.CLEAN)), 2, Duration.ZERO)
        .reason()).contains("1 consecutive clean shadow run(s), 2 required");
  }
}
