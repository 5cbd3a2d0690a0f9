package io.seam.cdc;

import io.seam.core.launch.JobLauncher;
import io.seam.core.launch.JobSpec;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit} entry point of the change stream: {@code --config FILE [--available-now]}.
 * Exit codes: 0 stopped cleanly (or drained with --available-now), 1 failed, 2 bad arguments or config.
 */
public final class ApplyCdcJob {
  static final JobSpec JOB = JobSpec.of("apply-cdc", "apply-cdc --config FILE [--available-now]",
      Set.of("--available-now"), LoggerFactory.getLogger("io.seam.cdc"), "apply-cdc stopped", 1)
      .withExplainer((e, config) -> StreamStops.explain(e, config.target().path(), config.stream()));

  private ApplyCdcJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return JobLauncher.runSpark(JOB, args, (spark, arguments, config) -> {
      new ApplyCdcRunner(spark, config).run(arguments.has("--available-now") ? ApplyCdcRunner.Mode.AVAILABLE_NOW
          : ApplyCdcRunner.Mode.CONTINUOUS);
      return 0;
    });
  }
}
