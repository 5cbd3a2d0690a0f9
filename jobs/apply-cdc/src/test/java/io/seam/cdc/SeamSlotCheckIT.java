package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.backfill.BackfillRunner;
import io.seam.cdc.debezium.SeamSlotCheck;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seam slot dropped under a migration: starting the stream again must stop with a clear error,
 * since Debezium would quietly create a new slot at today's position and skip every change between.
 */
class SeamSlotCheckIT {

  @Test
  void aDroppedSeamSlotStopsTheStreamFromStartingAndSaysReSeam() throws Exception {
    StreamFixture.Prepared p = StreamFixture.prepare(SharedSpark.session(), "slotgone",
        Files.createTempDirectory("seam-slotgone-it"), "  - name: t\n",
        List.of("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t SELECT generate_series(1, 10)"), "");
    try {
      new BackfillRunner(p.spark(), p.config()).run(false);
      SeamManifest manifest = new ManifestStore(p.config().target().seamDir(),
          p.spark().sparkContext().hadoopConfiguration()).require();
      assertThatCode(() -> SeamSlotCheck.require(p.config(), manifest)).doesNotThrowAnyException();

      p.db().sql("SELECT pg_drop_replication_slot('" + manifest.slot() + "')");

      assertThatThrownBy(() -> SeamSlotCheck.require(p.config(), manifest))
          .hasMessage("the seam slot " + manifest.slot() + " (seam " + manifest.seamLsn() + ") no longer exists on"
              + " the source: Debezium would create a new slot at today's position and every change committed since"
              + " the old one was dropped would be lost. Re-seam: bin/seam stream stop --config FILE, then"
              + " bin/seam backfill --config FILE --restart and bin/seam stream start --config FILE");
    } finally {
      p.db().close();
    }
  }
}
