package io.seam.backfill;

import io.seam.backfill.progress.ProgressLine;
import io.seam.core.Causes;
import io.seam.core.config.ConfigException;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.JobArguments;
import io.seam.core.spark.SeamSpark;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit} entry point of the backfill: {@code --config FILE [--restart | --skip-if-complete]}.
 * {@code --skip-if-complete} makes a re-run of a finished backfill a no-op (a scheduler re-running its
 * DAG); without it a finished backfill is reported as a leftover, never redone silently.
 * Exit codes: 0 done, 1 failed, 2 bad arguments or config.
 */
public final class BackfillJob {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.backfill");

  private BackfillJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    MigrationConfig config;
    boolean restart;
    boolean skipIfComplete;
    try {
      JobArguments a = JobArguments.parse(args, "backfill --config FILE [--restart | --skip-if-complete]",
          Set.of("--restart", "--skip-if-complete"));
      config = a.load();
      restart = a.has("--restart");
      skipIfComplete = a.has("--skip-if-complete");
      if (restart && skipIfComplete) {
        throw new ConfigException("--restart and --skip-if-complete contradict each other: pick one");
      }
    } catch (ConfigException e) {
      LOG.error("config: {}", e.getMessage());
      return 2;
    }
    SparkSession spark = SeamSpark.session("seam-backfill");
    try {
      if (skipIfComplete) {
        ManifestStore manifests = new ManifestStore(config.target().seamDir(), spark.sparkContext().hadoopConfiguration());
        Optional<SeamManifest> done = manifests.read().filter(m -> m.status() == SeamManifest.Status.COMPLETE);
        if (done.isPresent()) {
          LOG.info("backfill already COMPLETE at seam {} on slot {} ({}): nothing to do", done.get().seamLsn(),
              done.get().slot(), manifests.location());
          return 0;
        }
      }
      BackfillResult r = new BackfillRunner(spark, config).run(restart);
      LOG.info("backfill done: {} rows from {} table(s) in {} ({} rows/s); seam {} on slot {}; manifest {}",
          ProgressLine.human(r.rows()), r.tables().size(), ProgressLine.clock(r.took()),
          ProgressLine.human(r.rowsPerSecond()), r.seam(), r.slot(), r.manifestLocation());
      return 0;
    } catch (RuntimeException e) {
      LOG.error("backfill failed: {}", rootMessage(e));
      LOG.debug("backfill failure", e);
      return 1;
    } finally {
      spark.stop();
    }
  }

  static String rootMessage(Throwable e) {
    Throwable own = Causes.seams(e);
    if (own != null) {
      return own.getMessage();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
