package io.seam.cdc.debezium;

import io.seam.core.config.MigrationConfig;
import io.seam.core.config.TableConfig;
import io.seam.core.manifest.SeamManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debezium Server's configuration for a migration, generated from the migration config and the seam
 * manifest: the backfill's slot and publication (never created or changed by Debezium), no snapshot
 * (the backfill was the snapshot), schemaless JSON, decimals as exact strings, transaction metadata
 * (the ordering key needs it), heartbeats, and every record routed into the one ordered change topic.
 * The password is an environment reference, never a value on disk.
 */
public final class DebeziumProperties {
  public static final String PASSWORD_ENV = "SEAM_DEBEZIUM_PASSWORD";

  private DebeziumProperties() {}

  public static Map<String, String> of(MigrationConfig config, SeamManifest manifest, Path offsetsFile, int httpPort) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("debezium.sink.type", "kafka");
    String producer = "debezium.sink.kafka.producer.";
    p.put(producer + "bootstrap.servers", config.stream().bootstrapServers());
    p.put(producer + "key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    p.put(producer + "value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    p.put(producer + "acks", "all");
    p.put(producer + "enable.idempotence", "true");
    p.put(producer + "compression.type", "lz4");
    p.put(producer + "batch.size", "524288");
    p.put(producer + "linger.ms", "20");
    p.put(producer + "max.request.size", "16777216");
    config.stream().kafkaProperties().forEach((k, v) -> p.put(producer + k, v));
    String source = "debezium.source.";
    p.put(source + "connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.put(source + "offset.storage.file.filename", offsetsFile.toString());
    p.put(source + "offset.flush.interval.ms", "1000");
    p.put(source + "database.hostname", config.source().host());
    p.put(source + "database.port", Integer.toString(config.source().port()));
    p.put(source + "database.user", config.source().user());
    p.put(source + "database.password", "${" + PASSWORD_ENV + "}");
    p.put(source + "database.dbname", config.source().database());
    p.put(source + "database.sslmode", config.source().sslMode().pgName());
    config.source().sslRootCertPath().ifPresent(cert -> p.put(source + "database.sslrootcert", cert));
    p.put(source + "topic.prefix", config.stream().topicPrefix());
    p.put(source + "plugin.name", "pgoutput");
    p.put(source + "slot.name", manifest.slot());
    p.put(source + "publication.name", manifest.publication());
    p.put(source + "publication.autocreate.mode", "disabled");
    p.put(source + "snapshot.mode", "no_data");
    // A slot ahead of the stored offset was re-created (dropped, then made anew at a later position):
    // Debezium must fail rather than stream from it and skip what lay between (the default does not check).
    p.put(source + "offset.mismatch.strategy", "trust_offset");
    p.put(source + "table.include.list", includeList(config.tables()));
    // Debezium skips TRUNCATE by default, which would leave the target silently holding truncated rows.
    p.put(source + "skipped.operations", "none");
    p.put(source + "provide.transaction.metadata", "true");
    p.put(source + "decimal.handling.mode", "string");
    p.put(source + "binary.handling.mode", "base64");
    p.put(source + "time.precision.mode", "adaptive_time_microseconds");
    p.put(source + "tombstones.on.delete", "false");
    p.put(source + "heartbeat.interval.ms", Integer.toString(config.stream().heartbeatIntervalMs()));
    p.put(source + "max.batch.size", "20480");
    p.put(source + "max.queue.size", "81920");
    p.put(source + "poll.interval.ms", "50");
    p.put("debezium.transforms", "route");
    p.put("debezium.transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
    p.put("debezium.transforms.route.regex", ".*");
    p.put("debezium.transforms.route.replacement", config.stream().changesTopic());
    p.put("debezium.format.value", "json");
    p.put("debezium.format.key", "json");
    p.put("debezium.format.value.schemas.enable", "false");
    p.put("debezium.format.key.schemas.enable", "false");
    p.put("quarkus.http.host", "127.0.0.1");
    p.put("quarkus.http.port", Integer.toString(httpPort));
    p.put("quarkus.log.level", "WARN");
    p.put("quarkus.log.category.\"io.debezium\".level", "INFO");
    p.put("quarkus.log.console.json", "false");
    return p;
  }

  /** Debezium's include list is comma-separated regular expressions over schema.table. */
  static String includeList(List<TableConfig> tables) {
    List<String> out = new ArrayList<>();
    for (TableConfig t : tables) {
      String name = t.table().schema() + "." + t.table().name();
      if (name.contains(",")) {
        throw new IllegalArgumentException("table " + t.table() + ": Debezium's table.include.list cannot hold a name"
            + " with a comma");
      }
      out.add(name.replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1"));
    }
    return String.join(",", out);
  }

  public static String render(Map<String, String> properties) {
    StringBuilder sb = new StringBuilder("# Generated by Seam from the migration config and the seam manifest.\n");
    properties.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
    return sb.toString();
  }
}
