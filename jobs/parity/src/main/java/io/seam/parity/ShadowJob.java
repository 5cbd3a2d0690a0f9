package io.seam.parity;

import io.seam.core.launch.JobLauncher;
import io.seam.core.launch.JobSpec;
import io.seam.parity.report.Verdict;
import io.seam.parity.shadow.ShadowReport;
import io.seam.parity.shadow.ShadowRunner;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit} entry point of shadow reads: {@code --config FILE --queries DIR}. Exit 0 every query gives
 * the same result on both sides, 3 at least one differs, 2 could not run.
 */
public final class ShadowJob {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  static final JobSpec JOB = JobSpec.of("shadow", "shadow --config FILE --queries DIR", Set.of(), LOG,
      "shadow could not run", Verdict.COULD_NOT_RUN.exitCode()).withOptions(Set.of("--queries"), Set.of());

  private ShadowJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return JobLauncher.runSpark(JOB, args, (spark, arguments, config) -> {
      ShadowRunner.Outcome o = new ShadowRunner(spark, config, Path.of(arguments.option("--queries"))).run();
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
    });
  }
}
