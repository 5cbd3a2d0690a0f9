package io.seam.cdc;

import io.seam.core.config.ConfigException;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.JobArguments;
import io.seam.core.spark.SeamSpark;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit} entry point of the change stream: {@code --config FILE [--available-now]}.
 * Exit codes: 0 stopped cleanly (or drained with --available-now), 1 failed, 2 bad arguments or config.
 */
public final class ApplyCdcJob {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.cdc");

  private ApplyCdcJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    MigrationConfig config;
    ApplyCdcRunner.Mode mode;
    try {
      JobArguments a = JobArguments.parse(args, "apply-cdc --config FILE [--available-now]", Set.of("--available-now"));
      config = a.load();
      mode = a.has("--available-now") ? ApplyCdcRunner.Mode.AVAILABLE_NOW : ApplyCdcRunner.Mode.CONTINUOUS;
    } catch (ConfigException e) {
      LOG.error("config: {}", e.getMessage());
      return 2;
    }
    SparkSession spark = SeamSpark.session("seam-apply-cdc");
    try {
      new ApplyCdcRunner(spark, config).run(mode);
      return 0;
    } catch (RuntimeException e) {
      LOG.error("apply-cdc stopped: {}", StreamStops.explain(e, config.target().path(), config.stream()));
      return 1;
    } finally {
      spark.stop();
    }
  }
}
