package io.seam.parity;

import io.seam.core.launch.JobLauncher;
import io.seam.core.launch.JobSpec;
import io.seam.parity.report.ParityReport;
import io.seam.parity.report.Verdict;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit} entry point of parity: {@code --config FILE}. The exit code is the cutover
 * gate: 0 clean, 3 differences found, 2 could not run (bad config, the stream did not reach the
 * freeze in time, the source unreachable, ...).
 */
public final class ParityJob {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  static final JobSpec JOB = JobSpec.of("parity", "parity --config FILE", Set.of(), LOG, "parity could not run",
      Verdict.COULD_NOT_RUN.exitCode());

  private ParityJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return JobLauncher.runSpark(JOB, args, (spark, arguments, config) -> {
      ParityRunner.Outcome o = new ParityRunner(spark, config).run();
      ParityReport r = o.report();
      switch (o.verdict()) {
        case CLEAN -> LOG.info("parity CLEAN at {}: {} table(s) agree exactly as of the freeze ({} key(s) changed"
            + " after it, compared as they were at it)", r.freezeLsn(), r.tables().size(), r.changedAfterFreeze());
        case DIFFERENCES -> LOG.warn("parity found DIFFERENCES at {}: {} differing row(s) in {} table(s)",
            r.freezeLsn(), r.differingRows(), r.tables().stream().filter(t -> !t.clean()).count());
        case COULD_NOT_RUN -> LOG.error("parity COULD NOT RUN: {}", r.message());
      }
      if (o.htmlPath() != null) {
        LOG.info("report: {} (JSON beside it; Delta tables under {})", o.htmlPath(),
            config.target().seamPath("parity"));
      }
      return o.verdict().exitCode();
    });
  }
}
