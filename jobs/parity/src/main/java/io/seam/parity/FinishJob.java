package io.seam.parity;

import io.seam.core.config.ConfigException;
import io.seam.core.launch.JobLauncher;
import io.seam.core.launch.JobSpec;
import io.seam.parity.finish.MigrationFinish;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit} entry point of the migration's end, one step at a time ({@code bin/seam finish} runs
 * both, stopping the stream between them): {@code --verify} (cutover-ready, a final clean parity run) and
 * {@code --retire} (drop the slot and publication, record the end); {@code --force} finishes although
 * cutover-check says not ready. Exit 0 done, 3 refused, 2 could not.
 */
public final class FinishJob {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  private static final String USAGE = "finish --config FILE (--verify | --retire) [--force]";
  static final JobSpec JOB = JobSpec.of("finish", USAGE, Set.of("--verify", "--retire", "--force"), LOG,
      "finish could not run", 2)
      .withCheck(a -> {
        if (a.has("--verify") == a.has("--retire")) {
          throw new ConfigException("give one of --verify and --retire; usage: " + USAGE);
        }
      });

  private FinishJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return JobLauncher.runSpark(JOB, args, (spark, arguments, config) -> {
      MigrationFinish finish = new MigrationFinish(spark, config);
      boolean force = arguments.has("--force");
      MigrationFinish.Step step = arguments.has("--verify") ? finish.verify(force) : finish.retire(force);
      if (step.ok()) {
        LOG.info("{}", step.message());
      } else {
        LOG.error("{}", step.message());
      }
      return step.exitCode();
    });
  }
}
