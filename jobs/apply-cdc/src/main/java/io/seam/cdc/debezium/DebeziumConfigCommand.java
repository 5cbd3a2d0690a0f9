package io.seam.cdc.debezium;

import io.seam.core.config.MigrationConfig;
import io.seam.core.config.MigrationConfigLoader;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes {@code DIR/config/application.properties} for Debezium Server ({@code --config FILE --out DIR
 * [--http-port N]}) and prints where the password comes from ({@code env:NAME} or {@code file:PATH}),
 * so bin/seam can hand it to Debezium through its environment only.
 */
public final class DebeziumConfigCommand {
  private DebeziumConfigCommand() {}

  public static void main(String[] args) throws IOException {
    Path configFile = null;
    Path out = null;
    int port = 58080;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> configFile = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--http-port" -> port = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (configFile == null || out == null) {
      throw new IllegalArgumentException("usage: --config FILE --out DIR [--http-port N]");
    }
    MigrationConfig config;
    SeamManifest manifest;
    Path offsets;
    try {
      config = MigrationConfigLoader.load(configFile);
      var hadoop = new org.apache.hadoop.conf.Configuration();
      manifest = new ManifestStore(config.target().seamDir(), hadoop).require();
      SeamSlotCheck.require(config, manifest);
      offsets = ChangeTopicReset.offsetsFile(out, manifest);
      long stale = ChangeTopicReset.onFirstStart(config, manifest, offsets, hadoop);
      if (stale > 0) {
        System.err.println("[seam] change topic " + config.stream().changesTopic() + ": deleted " + stale
            + " records of an earlier seam (first start of seam " + manifest.seamLsn() + ")");
      }
    } catch (RuntimeException e) {
      System.err.println("[seam] error: " + e.getMessage());  // bin/seam shows this line
      System.exit(1);
      return;
    }
    Files.createDirectories(out.resolve("config"));
    Path props = out.resolve("config/application.properties");
    Files.writeString(props, DebeziumProperties.render(DebeziumProperties.of(config, manifest, offsets, port)));
    Files.setPosixFilePermissions(props, PosixFilePermissions.fromString("rw-------"));
    System.out.println(config.source().password());
  }
}
