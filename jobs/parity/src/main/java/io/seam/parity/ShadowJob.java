package io.seam.parity;

import io.seam.core.config.ConfigException;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.JobArguments;
import io.seam.core.spark.SeamSpark;
import io.seam.parity.shadow.ShadowReport;
import io.seam.parity.shadow.ShadowRunner;
import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit} entry point of shadow reads: {@code --config FILE --queries DIR}. Exit 0 every query gives
 * the same result on both sides, 3 at least one differs, 2 could not run.
 */
public final class ShadowJob {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  private static final String USAGE = "shadow --config FILE --queries DIR";

  private ShadowJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    MigrationConfig config;
    Path queries;
    try {
      JobArguments arguments = JobArguments.parse(args, USAGE, Set.of(), Set.of("--queries"));
      config = arguments.load();
      queries = Path.of(arguments.option("--queries"));
    } catch (ConfigException e) {
      LOG.error("config: {}", e.getMessage());
      return 2;
    }
    SparkSession spark = SeamSpark.session("seam-shadow");
    try {
      ShadowRunner.Outcome o = new ShadowRunner(spark, config, queries).run();
      ShadowReport r = o.report();
      switch (r.verdict()) {
        case CLEAN -> LOG.info("shadow SAME at {}: {} report query(ies) give the same result on both sides",
            r.freezeLsn(), r.queries().size());
        case DIFFERENCES -> LOG.warn("shadow found DIFFERENCES at {}: {} of {} report query(ies) differ",
            r.freezeLsn(), r.differingQueries(), r.queries().size());
        case COULD_NOT_RUN -> LOG.error("shadow COULD NOT RUN: {}", r.message());
      }
      LOG.info("report: {} (JSON beside it; history under {})", o.htmlPath(), config.target().seamPath("shadow"));
      return r.verdict().exitCode();
    } finally {
      spark.stop();
    }
  }
}
