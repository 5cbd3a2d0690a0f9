package io.seam.parity.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.stream.AppliedTotals;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusLinesTest {
  private static final MigrationStatus.Seam SEAM = new MigrationStatus.Seam("COMPLETE", "seam_slot", "seam_pub",
      "0/1A2B3C", "00000003-0000001B-1", 11.0, List.of(
          new MigrationStatus.Table("public.orders", "/lake/public/orders", 100_000, 4, "PAGE_RANGES"),
          new MigrationStatus.Table("public.customers", "/lake/public/customers", 10_000, 1, "WHOLE")));
  private static final MigrationStatus.Run CLEAN = new MigrationStatus.Run("parity-1", "2026-12-04T10:00:00Z", "CLEAN",
      "0/1B00000", 110_000, 321, 0, null, "/lake/_seam/parity/reports/parity-1/parity.html");

  private static MigrationStatus status(AppliedTotals stream, MigrationStatus.Runs parity,
      SeamManifest.MigrationEnd ended) {
    return new MigrationStatus(SEAM, stream, parity, MigrationStatus.Runs.NONE,
        new MigrationStatus.Cutover(false, "not ready: 1 of 3 clean runs"), ended, "/lake/_seam/views");
  }

  @Test
  void aRunningMigrationSaysWhatEachJobRecorded() {
    List<String> lines = StatusLines.of(status(new AppliedTotals(7, 12_345, 9_000, 2, "0/1B00010", 1.25,
        "2026-12-04T10:01:00Z"), new MigrationStatus.Runs(1, 1, List.of(CLEAN), CLEAN), null));
    assertThat(lines).anyMatch(l -> l.contains("slot seam_slot at LSN 0/1A2B3C"));
    assertThat(lines).anyMatch(l -> l.contains("public.orders") && l.contains("100,000 rows") && l.contains("4 page ranges splits"));
    assertThat(lines).anyMatch(l -> l.startsWith("  backfill ") && l.contains("110,000 rows in 11 s (10,000 rows/s)"));
    assertThat(lines).anyMatch(l -> l.contains("12,345 records in 7 batches: 9,000 row changes logged, 2 dead letters"));
    assertThat(lines).anyMatch(l -> l.contains("up to commit LSN 0/1B00010") && l.contains("lag 1.3 s in the last batch with a source commit"));
    assertThat(lines).anyMatch(l -> l.contains("CLEAN at frozen LSN 0/1B00000: 110,000 rows compared, 321 changed"));
    assertThat(lines).anyMatch(l -> l.contains("/lake/_seam/parity/reports/parity-1/parity.html"));
    assertThat(lines).anyMatch(l -> l.startsWith("  shadow") && l.contains("no run yet"));
    assertThat(lines).anyMatch(l -> l.startsWith("  cutover") && l.contains("not ready: 1 of 3 clean runs"));
    assertThat(lines).anyMatch(l -> l.startsWith("  finished") && l.contains("no"));
  }

  @Test
  void beforeTheStreamAndAfterTheEnd() {
    List<String> lines = StatusLines.of(status(AppliedTotals.NONE, MigrationStatus.Runs.NONE,
        new SeamManifest.MigrationEnd("2026-12-04T11:00:00Z", "parity-9", true, 3 * 1048576, "seam.changes")));
    assertThat(lines).anyMatch(l -> l.startsWith("  streamed") && l.contains("nothing applied yet"));
    assertThat(lines).anyMatch(l -> l.startsWith("  parity") && l.contains("no run yet"));
    assertThat(lines).anyMatch(l -> l.contains("final parity run parity-9") && l.contains("(forced: not cutover-ready)")
        && l.contains("3.0 MB of WAL released") && l.contains("topic seam.changes kept"));
  }

  @Test
  void theJsonNamesWhatScriptsRead() throws Exception {
    MigrationStatus s = status(new AppliedTotals(1, 10, 8, 0, "0/10", null, "2026-12-04T10:01:00Z"),
        new MigrationStatus.Runs(1, 1, List.of(CLEAN), CLEAN), null);
    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(s));
    assertThat(json.at("/parity/latest/verdict").asText()).isEqualTo("CLEAN");
    assertThat(json.at("/parity/latest/compared").asLong()).isEqualTo(110_000);
    assertThat(json.at("/stream/deadLetters").asLong()).isZero();
    assertThat(json.at("/seam/tables/0/rows").asLong()).isEqualTo(100_000);
    assertThat(json.at("/cutover/ready").asBoolean()).isFalse();
  }
}
