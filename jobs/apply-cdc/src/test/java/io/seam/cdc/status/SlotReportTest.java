package io.seam.cdc.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.ReplicationObjects.SlotState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlotReportTest {
  private static SlotState state(boolean active, long mb) {
    return new SlotState("seam_slot", active, "pgoutput", "0/16B3748", mb * 1048576);
  }

  @Test
  void aSlotBelowTheThresholdIsOneLine() {
    assertThat(SlotReport.lines("seam_slot", Optional.of(state(true, 12)), Optional.empty(), 10240))
        .containsExactly("slot        seam_slot read by a consumer, retaining 12.0 MB of WAL");
  }

  @Test
  void aSlotNobodyReadsPastTheThresholdIsAWarningThatSaysWhatToDo() {
    assertThat(SlotReport.lines("seam_slot", Optional.of(state(false, 20_000)), Optional.empty(), 10240))
        .hasSize(2).last().asString()
        .contains("retains 20,000 MB of WAL, more than replication.retained_wal_warn_mb (10240)",
            "bin/seam stream start", "bin/seam finish");
    assertThat(SlotReport.lines("seam_slot", Optional.of(state(true, 20_000)), Optional.empty(), 10240))
        .last().asString().contains("The stream is behind");
  }

  @Test
  void aFinishedMigrationSaysSoAndAMissingSlotIsThenExpected() {
    SeamManifest.MigrationEnd end = new SeamManifest.MigrationEnd("2026-12-03T15:00:00Z", "run-9", false, 0, "t");
    assertThat(SlotReport.lines("seam_slot", Optional.empty(), Optional.of(end), 10240)).containsExactly(
        "migration   finished at 2026-12-03T15:00:00Z on parity run run-9 (bin/seam finish); its slot and"
            + " publication were dropped",
        "slot        seam_slot does not exist on the source");
    assertThat(SlotReport.lines("seam_slot", Optional.empty(), Optional.empty(), 10240)).singleElement().asString()
        .contains("does not exist", "re-seam");
  }
}
