package io.seam.parity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seam.core.launch.JobLauncher;
import io.seam.core.launch.JobSpec;
import io.seam.parity.status.MigrationStatus;
import io.seam.parity.status.MigrationStatusReader;
import io.seam.parity.status.StatusLines;
import java.io.UncheckedIOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/seam status --config FILE [--json]}: where the migration stands ({@link MigrationStatus}), from what
 * its jobs wrote under the lake's {@code _seam/}. Lines for people on standard output, or with {@code --json} one
 * object for scripts (the demo's summary, the fault matrix and the benchmarks read this, never the logs). Exit 0,
 * 2 when it could not be read.
 */
public final class MigrationStatusJob {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  static final JobSpec JOB = JobSpec.of("status", "status --config FILE [--json]", Set.of("--json"), LOG,
      "status could not read the migration's records", 2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private MigrationStatusJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return JobLauncher.runSpark(JOB, args, (spark, arguments, config) -> {
      MigrationStatus status = new MigrationStatusReader(spark, config).read();
      if (arguments.has("--json")) {
        try {
          System.out.println(JSON.writeValueAsString(status));
        } catch (JsonProcessingException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        StatusLines.of(status).forEach(System.out::println);
      }
      return 0;
    });
  }
}
