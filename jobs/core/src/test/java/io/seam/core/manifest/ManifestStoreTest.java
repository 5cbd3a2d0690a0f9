package io.seam.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestStoreTest {
  @TempDir
  Path dir;

  private static SeamManifest complete() {
    return new SeamManifest(SeamManifest.FORMAT_VERSION, SeamManifest.Status.COMPLETE, "seam@db:5432/shop",
        "seam_slot", "seam_pub", "0/16B3748", "00000003-1", "2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z",
        "2026-12-01T11:00:00Z", List.of());
  }

  @Test
  void aManifestWrittenBeforeMigrationsCouldEndReadsAsNotEnded() throws Exception {
    ManifestStore store = new ManifestStore(dir.toString(), new Configuration());
    store.write(complete());
    String json = Files.readString(dir.resolve(ManifestStore.FILE_NAME)).replace(",\n  \"ended\" : null", "");
    assertThat(json).doesNotContain("ended");
    Files.writeString(dir.resolve(ManifestStore.FILE_NAME), json);
    Files.deleteIfExists(dir.resolve("." + ManifestStore.FILE_NAME + ".crc"));  // Hadoop's checksum of the old text
    assertThat(store.require()).isEqualTo(complete());
  }

  @Test
  void anEndedMigrationComesBackAsWrittenAndNoJobRunsOnIt() {
    ManifestStore store = new ManifestStore(dir.toString(), new Configuration());
    SeamManifest.MigrationEnd end = new SeamManifest.MigrationEnd("2026-12-03T15:00:00Z", "run-9", true, 1 << 20,
        "seam.changes");
    store.write(complete().endedBy(end));
    assertThat(store.read()).contains(complete().endedBy(end));
    assertThatThrownBy(store::require).hasMessageContaining("this migration was finished at 2026-12-03T15:00:00Z")
        .hasMessageContaining("final parity run run-9").hasMessageContaining("bin/seam backfill --config FILE --restart");
  }
}
