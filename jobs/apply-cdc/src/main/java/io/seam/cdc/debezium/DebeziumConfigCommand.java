package io.seam.cdc.debezium;

import io.seam.core.config.ConfigException;
import io.seam.core.config.MigrationConfig;
import io.seam.core.launch.JobLauncher;
import io.seam.core.launch.JobSpec;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code DIR/config/application.properties} for Debezium Server ({@code --config FILE --out DIR
 * [--http-port N]}) and prints where the password comes from ({@code env:NAME} or {@code file:PATH}),
 * so bin/seam can hand it to Debezium through its environment only. Exit 0 written, 1 failed, 2 bad
 * arguments or config.
 */
public final class DebeziumConfigCommand {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.cdc");
  static final JobSpec JOB = JobSpec.of("debezium-config", "debezium-config --config FILE --out DIR [--http-port N]",
      Set.of(), LOG, "could not generate the Debezium config", 1)
      .withOptions(Set.of("--out"), Set.of("--http-port"));
  private static final int DEFAULT_HTTP_PORT = 58080;

  private DebeziumConfigCommand() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return JobLauncher.run(JOB, args, (arguments, config) -> {
      Path out = Path.of(arguments.option("--out"));
      int port = httpPort(arguments.option("--http-port"));
      var hadoop = new org.apache.hadoop.conf.Configuration();
      SeamManifest manifest = new ManifestStore(config.target().seamDir(), hadoop).require();
      SeamSlotCheck.require(config, manifest);
      Path offsets = ChangeTopicReset.offsetsFile(out, manifest);
      long stale = ChangeTopicReset.onFirstStart(config, manifest, offsets, hadoop);
      if (stale > 0) {
        LOG.info("change topic {}: deleted {} records of an earlier seam (first start of seam {})",
            config.stream().changesTopic(), stale, manifest.seamLsn());
      }
      write(out, config, manifest, offsets, port);
      // For bin/seam: the topic to create and where Debezium's password comes from (never the password).
      System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
          .put("changeTopic", config.stream().changesTopic())
          .put("passwordSource", config.source().password().toString()));
      return 0;
    });
  }

  private static int httpPort(String given) {
    if (given == null) {
      return DEFAULT_HTTP_PORT;
    }
    try {
      int port = Integer.parseInt(given);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new ConfigException("--http-port must be a TCP port (1-65535), not " + given);
  }

  private static void write(Path out, MigrationConfig config, SeamManifest manifest, Path offsets, int port) {
    try {
      Files.createDirectories(out.resolve("config"));
      Path props = out.resolve("config/application.properties");
      Files.writeString(props, DebeziumProperties.render(DebeziumProperties.of(config, manifest, offsets, port)));
      Files.setPosixFilePermissions(props, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      // Not chained: the failure's explanation is the root cause's message, and this one names the file too.
      IllegalStateException failure = new IllegalStateException("cannot write the Debezium config under " + out
          + ": " + e);
      failure.addSuppressed(e);
      throw failure;
    }
  }
}
