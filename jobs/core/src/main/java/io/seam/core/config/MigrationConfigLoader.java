package io.seam.core.config;

import io.seam.core.pg.Identifiers;
import io.seam.core.pg.TableRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the migration YAML into a {@link MigrationConfig}: every key typed, defaulted and documented
 * in {@code conf/migration.example.yaml}; unknown and missing keys are errors that name the key.
 * Relative paths resolve against the config file's folder.
 */
public final class MigrationConfigLoader {
  private MigrationConfigLoader() {}

  public static MigrationConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read the migration config " + file + ": " + e.getMessage());
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(text, base);
  }

  public static MigrationConfig parse(String yamlText, Path baseDir) {
    return parse(yamlText, baseDir, System::getenv);
  }

  /** With {@code ${NAME}} references resolved from {@code env} (see {@link EnvReferences}). */
  public static MigrationConfig parse(String yamlText, Path baseDir, UnaryOperator<String> env) {
    Object yaml;
    try {
      yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
    } catch (YAMLException | IllegalArgumentException e) {
      // SnakeYAML reports some malformed scalars (bad !!binary data) as IllegalArgumentException.
      throw new ConfigException("the migration config is not valid YAML: " + e.getMessage());
    }
    ConfigNode root = ConfigNode.root(yaml, env);
    ParityConfig parity = parity(root.section("parity"));
    MigrationConfig config = new MigrationConfig(
        source(root.section("source"), baseDir),
        tables(root, parity.timeZone()),
        target(root.section("target"), baseDir),
        replication(root.section("replication")),
        backfill(root.section("backfill")),
        stream(root.section("stream")),
        parity);
    root.done();
    return config;
  }

  private static SourceConfig source(ConfigNode n, Path base) {
    String passwordFile = n.string("password_file", null);
    String sslRootCert = n.string("ssl_root_cert", null);
    SourceConfig s = new SourceConfig(
        n.string("host", "127.0.0.1"),
        n.integer("port", 5432, 1),
        n.requiredString("database"),
        n.requiredString("user"),
        new Secret(n.string("password_env", "SEAM_SOURCE_PASSWORD"),
            passwordFile == null ? null : base.resolve(passwordFile).normalize()),
        n.enumValue("ssl_mode", SourceConfig.SslMode.class, SourceConfig.SslMode.PREFER),
        n.integer("connect_timeout_seconds", 10, 1),
        sslRootCert == null ? null : base.resolve(sslRootCert).normalize().toString());
    if (n.has("password")) {
      throw new ConfigException("source.password is not allowed: a password in a config file leaks; set "
          + "source.password_env (an environment variable name) or source.password_file instead");
    }
    n.done();
    return s;
  }

  private static List<TableConfig> tables(ConfigNode root, String defaultZone) {
    List<ConfigNode> nodes = root.sectionList("tables");
    if (nodes.isEmpty()) {
      throw new ConfigException("missing required key tables: list at least one table to migrate");
    }
    List<TableConfig> out = new ArrayList<>();
    Set<TableRef> seen = new HashSet<>();
    for (ConfigNode n : nodes) {
      String name = n.requiredString("name");
      TableRef ref;
      try {
        ref = TableRef.parse(name);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(n.key("name") + " is not a table name: " + e.getMessage());
      }
      if (!seen.add(ref)) {
        throw new ConfigException(n.key("name") + " lists " + ref + " a second time");
      }
      String zone = n.string("day_time_zone", defaultZone);
      out.add(new TableConfig(ref, n.stringList("primary_key"), n.string("day_column", null),
          zone(zone, n.key("day_time_zone")), n.stringList("sum_columns")));
      n.done();
    }
    return out;
  }

  private static TargetConfig target(ConfigNode n, Path base) {
    String path = n.requiredString("path");
    // A scheme-less path is local: make it absolute so every job and executor agrees on it.
    if (!path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      path = base.resolve(path).normalize().toString();
    }
    n.done();
    return new TargetConfig(path);
  }

  private static ReplicationConfig replication(ConfigNode n) {
    ReplicationConfig r = new ReplicationConfig(
        objectName(n, "slot", "seam_slot"), objectName(n, "publication", "seam_pub"),
        n.integer("retained_wal_warn_mb", 10_240, 1));
    n.done();
    return r;
  }

  private static String objectName(ConfigNode n, String key, String dflt) {
    try {
      return Identifiers.requireObjectName(n.string(key, dflt), n.key(key));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static BackfillConfig backfill(ConfigNode n) {
    BackfillConfig b = new BackfillConfig(
        n.integer("splits", 0, 0),
        n.integer("target_split_mb", 128, 1),
        n.integer("max_splits", 256, 1),
        n.integer("fetch_size", 10_000, 0),
        n.integer("parallel_tables", 2, 1),
        n.integer("progress_interval_seconds", 10, 1),
        n.bool("deletion_vectors", true),
        n.enumValue("reader", BackfillConfig.SplitReader.class, BackfillConfig.SplitReader.COPY));
    n.done();
    return b;
  }

  private static StreamConfig stream(ConfigNode n) {
    StreamConfig s = new StreamConfig(
        n.string("bootstrap_servers", "127.0.0.1:59092"),
        n.string("topic_prefix", "seam"),
        n.integer("heartbeat_interval_ms", 10_000, 100),
        n.integer("trigger_interval_seconds", 2, 0),
        n.integer("max_offsets_per_trigger", 500_000, 1),
        n.integer("broadcast_max_keys", 500_000, 0),
        n.integer("combined_merge_max_target_mb", 64, 0),
        n.integer("compaction_interval_seconds", 60, 1),
        n.integer("compaction_min_rows", 200_000, 1),
        n.integer("compaction_max_age_seconds", 1800, 0),
        kafkaProperties(n));
    if (!s.topicPrefix().matches("[A-Za-z0-9_.-]+")) {
      throw new ConfigException("stream.topic_prefix may hold letters, digits, '.', '_' and '-' only, got '"
          + s.topicPrefix() + "'");
    }
    n.done();
    return s;
  }

  /**
   * Kafka client settings for both Debezium's producer and the apply job's consumer, e.g. TLS. Secrets
   * (key store passwords, SASL credentials) would end up in Debezium's generated config file, and the
   * settings Seam owns must not be overridden: both are rejected.
   */
  private static Map<String, String> kafkaProperties(ConfigNode n) {
    Map<String, String> props = n.stringMap("kafka_properties");
    for (String key : props.keySet()) {
      String k = key.toLowerCase();
      if (k.contains("password") || k.contains("jaas") || k.startsWith("sasl.")) {
        throw new ConfigException("stream.kafka_properties." + key + " is a credential: Seam does not take Kafka"
            + " credentials yet (they would land in Debezium's generated config); use TLS with a trust store"
            + " (security.protocol: SSL, ssl.truststore.location, ssl.truststore.type: PEM)");
      }
      if (OWNED_KAFKA_SETTINGS.contains(k)) {
        throw new ConfigException("stream.kafka_properties." + key + " is set by Seam itself and cannot be"
            + " overridden (" + String.join(", ", OWNED_KAFKA_SETTINGS) + ")");
      }
    }
    return props;
  }

  private static final List<String> OWNED_KAFKA_SETTINGS = List.of("bootstrap.servers", "key.serializer",
      "value.serializer", "key.deserializer", "value.deserializer", "acks", "enable.idempotence",
      "enable.auto.commit", "group.id", "auto.offset.reset");

  private static ParityConfig parity(ConfigNode n) {
    ParityConfig p = new ParityConfig(zone(n.string("time_zone", "UTC"), n.key("time_zone")),
        n.integer("wait_timeout_seconds", 600, 1),
        n.integer("freeze_timeout_seconds", 300, 1),
        n.integer("nudge_after_seconds", 0, 0),
        n.integer("key_buckets", 64, 2),
        n.integer("max_rows_per_fetch", 200_000, 1),
        n.integer("max_listed_differences", 10_000, 1),
        n.integer("cutover_clean_runs", 3, 1),
        n.integer("cutover_soak_minutes", 1440, 0),
        n.bool("cutover_requires_shadow", false));
    n.done();
    return p;
  }

  private static String zone(String zone, String key) {
    try {
      return ZoneId.of(zone).getId();
    } catch (DateTimeException e) {
      throw new ConfigException(key + " is not a time zone: '" + zone + "' (use a region like Europe/Berlin or UTC)");
    }
  }
}
