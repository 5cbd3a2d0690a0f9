package io.seam.backfill;

import io.seam.backfill.progress.ProgressLine;
import io.seam.core.config.ConfigException;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.JobArguments;
import io.seam.core.spark.SeamSpark;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit} entry point of the backfill: {@code --config FILE [--restart]}.
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
    try {
      JobArguments a = JobArguments.parse(args, "backfill --config FILE [--restart]", Set.of("--restart"));
      config = a.load();
      restart = a.has("--restart");
    } catch (ConfigException e) {
      LOG.error("config: {}", e.getMessage());
      return 2;
    }
    SparkSession spark = SeamSpark.session("seam-backfill");
    try {
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
    String best = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("seam:")) {
        return t.getMessage();
      }
    }
    return best == null ? e.toString() : best;
  }
}
