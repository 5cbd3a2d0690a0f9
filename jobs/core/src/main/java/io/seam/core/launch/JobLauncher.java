package io.seam.core.launch;

import io.seam.core.Causes;
import io.seam.core.config.ConfigException;
import io.seam.core.config.JobArguments;
import io.seam.core.config.MigrationConfig;
import io.seam.core.spark.SeamSpark;
import org.apache.spark.sql.SparkSession;

/**
 * How every job's {@code main} runs, so they all answer bad input and failure the same way: the command line
 * and the migration config are read first (anything wrong exits {@link #BAD_INPUT} with the usage or the
 * config's own message, before a SparkSession is opened); then the body runs, and a failure is logged once, as
 * {@link Causes#explanation}, under the job's failure wording, and exits with the job's failure code. The
 * session is stopped whatever happens.
 */
public final class JobLauncher {
  /** The exit code of a bad command line or migration config, for every job. */
  public static final int BAD_INPUT = 2;

  private JobLauncher() {}

  /** A job's body once its arguments and config are read; returns the exit code. */
  @FunctionalInterface
  public interface Body {
    int run(JobArguments arguments, MigrationConfig config);
  }

  /** A Spark job's body, given the job's session. */
  @FunctionalInterface
  public interface SparkBody {
    int run(SparkSession spark, JobArguments arguments, MigrationConfig config);
  }

  /** Runs a job that needs no Spark (a status line, a generated config). */
  public static int run(JobSpec job, String[] args, Body body) {
    SeamLogging.useSeamSettingsUnlessConfigured();
    JobArguments arguments;
    MigrationConfig config;
    try {
      arguments = job.parse(args);
      config = arguments.load();
    } catch (ConfigException e) {
      job.log().error("config: {}", e.getMessage());
      return BAD_INPUT;
    }
    try {
      return body.run(arguments, config);
    } catch (ConfigException e) {
      job.log().error("config: {}", e.getMessage());
      return BAD_INPUT;
    } catch (RuntimeException e) {
      job.log().error("{}: {}", job.failure(), job.explain(e, config));
      job.log().debug("{} failure", job.name(), e);
      return job.failureExit();
    }
  }

  /** Runs a Spark job in a session named {@code seam-<name>}. */
  public static int runSpark(JobSpec job, String[] args, SparkBody body) {
    return run(job, args, (arguments, config) -> {
      SparkSession spark = SeamSpark.session("seam-" + job.name());
      SeamLogging.keepSeamSettings();
      try {
        return body.run(spark, arguments, config);
      } finally {
        spark.stop();
      }
    });
  }
}
