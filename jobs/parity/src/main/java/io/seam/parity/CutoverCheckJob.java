package io.seam.parity;

import io.seam.core.config.MigrationConfig;
import io.seam.core.launch.JobLauncher;
import io.seam.core.launch.JobSpec;
import io.seam.parity.report.CutoverCheck;
import io.seam.parity.report.ReportTables;
import java.time.Duration;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cutover-check --config FILE}: reads parity's history and says whether the migration is
 * cutover-ready (parity.cutover_clean_runs consecutive clean runs over parity.cutover_soak_minutes).
 * Exit 0 ready, 3 not ready, 2 could not check.
 */
public final class CutoverCheckJob {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  static final JobSpec JOB = JobSpec.of("cutover-check", "cutover-check --config FILE", Set.of(), LOG,
      "cutover-check could not read the parity history", 2);

  private CutoverCheckJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return JobLauncher.runSpark(JOB, args, (spark, arguments, config) -> {
      CutoverCheck.Decision d = decide(spark, config);
      if (d.ready()) {
        LOG.info("{}", d.reason());
        return 0;
      }
      LOG.warn("{}", d.reason());
      return 3;
    });
  }

  /**
   * Parity's history decides; with {@code parity.cutover_requires_shadow}, shadow's must say ready too, by the
   * same rule.
   */
  public static CutoverCheck.Decision decide(SparkSession spark, MigrationConfig config) {
    int runs = config.parity().cutoverCleanRuns();
    Duration soak = Duration.ofMinutes(config.parity().cutoverSoakMinutes());
    CutoverCheck.Decision parity = CutoverCheck.decide(ReportTables.runs(spark,
        ReportTables.historyPath(config.target())), runs, soak);
    if (!config.parity().cutoverRequiresShadow()) {
      return parity;
    }
    CutoverCheck.Decision shadow = CutoverCheck.decide("shadow", "bin/seam shadow --config FILE --queries DIR",
        ReportTables.runs(spark, io.seam.parity.shadow.ShadowRunner.historyPath(config.target())), runs, soak);
    return new CutoverCheck.Decision(parity.ready() && shadow.ready(), Math.min(parity.streak(), shadow.streak()),
        parity.soaked().compareTo(shadow.soaked()) < 0 ? parity.soaked() : shadow.soaked(),
        parity.reason() + "; shadow reads (parity.cutover_requires_shadow): " + shadow.reason());
  }
}
