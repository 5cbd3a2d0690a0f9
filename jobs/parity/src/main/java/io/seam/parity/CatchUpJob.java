package io.seam.parity;

import io.seam.core.Lsn;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.ParityConfig;
import io.seam.core.launch.JobLauncher;
import io.seam.core.launch.JobSpec;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.PgConnections;
import io.seam.core.stream.StreamPosition;
import io.seam.parity.freeze.StreamWait;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code catch-up --config FILE}: waits until the stream has applied every transaction the source had
 * committed when the job started (a scheduler's "is the stream caught up?" before parity). It waits as
 * parity does, up to parity.wait_timeout_seconds, with the same heartbeat for a quiet source.
 * Exit 0 caught up, 2 not caught up in time or could not check (the message says which and why).
 */
public final class CatchUpJob {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  static final JobSpec JOB = JobSpec.of("catch-up", "catch-up --config FILE", Set.of(), LOG,
      "the stream has not caught up", 2);

  private CatchUpJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return JobLauncher.runSpark(JOB, args, (spark, arguments, config) -> {
      await(spark, config);
      return 0;
    });
  }

  /** Returns the applied position once it covers the source's current WAL position. */
  public static Lsn await(SparkSession spark, MigrationConfig config) {
    SeamManifest manifest = new ManifestStore(config.target().seamDir(), spark.sparkContext().hadoopConfiguration())
        .require();
    PgConnections connections = new PgConnections(config.source());
    Lsn now = currentWalPosition(connections);
    LOG.info("waiting for the stream to apply everything the source committed up to {}", now);
    ParityConfig pc = config.parity();
    return new StreamWait(new StreamPosition(spark, config.target())::applied, connections, manifest.slot(),
        Duration.ofSeconds(pc.waitTimeoutSeconds()), Duration.ofSeconds(pc.nudgeAfterSeconds())).await(now);
  }

  private static Lsn currentWalPosition(PgConnections connections) {
    try (Connection c = connections.open(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn()::text")) {
      rs.next();
      return Lsn.parse(rs.getString(1));
    } catch (SQLException e) {
      throw new ParityException("cannot read the source's WAL position: " + e.getMessage());
    }
  }
}
