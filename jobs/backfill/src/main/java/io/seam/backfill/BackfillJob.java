package io.seam.backfill;

import io.seam.backfill.progress.ProgressLine;
import io.seam.core.config.ConfigException;
import io.seam.core.launch.JobLauncher;
import io.seam.core.launch.JobSpec;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import java.util.Optional;
import java.util.Set;
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
  static final JobSpec JOB = JobSpec.of("backfill", "backfill --config FILE [--restart | --skip-if-complete]",
      Set.of("--restart", "--skip-if-complete"), LOG, "backfill failed", 1)
      .withCheck(a -> {
        if (a.has("--restart") && a.has("--skip-if-complete")) {
          throw new ConfigException("--restart and --skip-if-complete contradict each other: pick one");
        }
      });

  private BackfillJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return JobLauncher.runSpark(JOB, args, (spark, arguments, config) -> {
      if (arguments.has("--skip-if-complete")) {
        ManifestStore manifests = new ManifestStore(config.target().seamDir(), spark.sparkContext().hadoopConfiguration());
        Optional<SeamManifest> done = manifests.read().filter(m -> m.status() == SeamManifest.Status.COMPLETE);
        if (done.isPresent()) {
          LOG.info("backfill already COMPLETE at seam {} on slot {} ({}): nothing to do", done.get().seamLsn(),
              done.get().slot(), manifests.location());
          return 0;
        }
      }
      BackfillResult r = new BackfillRunner(spark, config).run(arguments.has("--restart"));
      LOG.info("backfill done: {} rows from {} table(s) in {} ({} rows/s); seam {} on slot {}; manifest {}",
          ProgressLine.human(r.rows()), r.tables().size(), ProgressLine.clock(r.took()),
          ProgressLine.human(r.rowsPerSecond()), r.seam(), r.slot(), r.manifestLocation());
      return 0;
    });
  }
}
