package io.seam.cdc;

import io.seam.cdc.status.SlotReport;
import io.seam.core.config.ConfigException;
import io.seam.core.config.JobArguments;
import io.seam.core.config.MigrationConfig;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.ReplicationObjects;
import java.sql.Connection;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code stream status}'s slot lines ({@link SlotReport}) on standard output, from the source itself: no Spark.
 * Exit 0, or 2 when the source or the manifest cannot be read.
 */
public final class SlotStatusJob {
  private SlotStatusJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String[] args) {
    try {
      MigrationConfig config = JobArguments.parse(args, "slot-status --config FILE", Set.of()).load();
      Optional<SeamManifest> manifest = new ManifestStore(config.target().seamDir(), new Configuration()).read();
      String slot = manifest.map(SeamManifest::slot).orElse(config.replication().slot());
      Optional<ReplicationObjects.SlotState> state;
      try (Connection c = new PgConnections(config.source()).open()) {
        state = new ReplicationObjects(c).slot(slot);
      }
      SlotReport.lines(slot, state, manifest.map(SeamManifest::ended), config.replication().retainedWalWarnMb())
          .forEach(System.out::println);
      return 0;
    } catch (ConfigException e) {
      System.out.println("slot        unknown: config: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.out.println("slot        unknown: " + e.getMessage());
      return 2;
    }
  }
}
