package io.seam.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.stream.ApplierBeacon.State;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApplierBeaconTest {
  private static final Instant START = Instant.parse("2026-12-06T20:00:00Z");
  private static final ApplierBeacon RUNNING = new ApplierBeacon("worker-7", 4242, "spark://10.0.0.5:7077",
      "app-20261206200000-0001", "CONTINUOUS", START, START.plusSeconds(60), null, null);

  @Test
  void aRecentBeatIsRunningAndAStaleOneWithoutAStopIsLost() {
    assertThat(RUNNING.state(START.plusSeconds(60).plus(ApplierBeacon.LOST_AFTER))).isEqualTo(State.RUNNING);
    assertThat(RUNNING.state(START.plusSeconds(61).plus(ApplierBeacon.LOST_AFTER))).isEqualTo(State.LOST);
    assertThat(RUNNING.line(START.plusSeconds(200)))
        .startsWith("apply-cdc   down  not seen since 2026-12-06T20:01:00Z and no stop recorded")
        .contains("worker-7 (pid 4242, spark://10.0.0.5:7077, app-20261206200000-0001)");
  }

  @Test
  void aRecordedStopIsStoppedHoweverRecent() {
    ApplierBeacon stopped = RUNNING.stopped(START.plusSeconds(90), "stopped");
    assertThat(stopped.state(START.plusSeconds(91))).isEqualTo(State.STOPPED);
    assertThat(stopped.line(START.plusSeconds(91)))
        .isEqualTo("apply-cdc   down  stopped at 2026-12-06T20:01:30Z (stopped); last ran as driver on worker-7 (pid"
            + " 4242, spark://10.0.0.5:7077, app-20261206200000-0001)");
  }

  @Test
  void theRunningLineSaysWhereAndHowLongAgo() {
    assertThat(RUNNING.line(START.plusSeconds(64))).isEqualTo("apply-cdc   up    driver on worker-7 (pid 4242,"
        + " spark://10.0.0.5:7077, app-20261206200000-0001), continuous, alive 4 s ago");
  }

  @Test
  void theStoredFormReadsBackAsTheSameRecord() {
    assertThat(ApplierBeacon.fromJson(RUNNING.toJson())).isEqualTo(RUNNING);
    ApplierBeacon stopped = RUNNING.stopped(START.plusSeconds(90), "failed: disk full");
    assertThat(ApplierBeacon.fromJson(stopped.toJson())).isEqualTo(stopped);
    assertThat(stopped.toJson().get("stoppedAt").asText()).isEqualTo("2026-12-06T20:01:30Z");
  }
}
