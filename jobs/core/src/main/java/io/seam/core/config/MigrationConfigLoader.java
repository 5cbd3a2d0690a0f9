package io.seam.core.config;

import static io.seam.core.config.MigrationOptions.*;

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
 * Reads the migration YAML into a {@link MigrationConfig}: every key typed, defaulted and bounded by its one
 * definition in {@link MigrationOptions} (which conf/migration.example.yaml is rendered from); unknown and
 * missing keys are errors that name the key.
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

  /** A section with none of its keys given, read as a file would be: every setting at its default. */
  static StreamConfig defaultStream() {
    return stream(absent("stream"));
  }

  static BackfillConfig defaultBackfill() {
    return backfill(absent("backfill"));
  }

  private static ConfigNode absent(String section) {
    return new ConfigNode(section, Map.of(), name -> null);
  }

  private static SourceConfig source(ConfigNode n, Path base) {
    String passwordFile = n.string(SOURCE_PASSWORD_FILE);
    String sslRootCert = n.string(SOURCE_SSL_ROOT_CERT);
    SourceConfig s = new SourceConfig(
        n.string(SOURCE_HOST),
        n.integer(SOURCE_PORT),
        n.string(SOURCE_DATABASE),
        n.string(SOURCE_USER),
        new Secret(n.string(SOURCE_PASSWORD_ENV), passwordFile == null ? null : base.resolve(passwordFile).normalize()),
        n.enumValue(SOURCE_SSL_MODE, SourceConfig.SslMode.class),
        n.integer(SOURCE_CONNECT_TIMEOUT_SECONDS),
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
      String name = n.string(TABLE_NAME);
      TableRef ref;
      try {
        ref = TableRef.parse(name);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(n.key(TABLE_NAME.key()) + " is not a table name: " + e.getMessage());
      }
      if (!seen.add(ref)) {
        throw new ConfigException(n.key(TABLE_NAME.key()) + " lists " + ref + " a second time");
      }
      String zone = n.string(TABLE_DAY_TIME_ZONE.key(), defaultZone);
      out.add(new TableConfig(ref, n.stringList(TABLE_PRIMARY_KEY.key()), n.string(TABLE_DAY_COLUMN),
          zone(zone, n.key(TABLE_DAY_TIME_ZONE.key())), n.stringList(TABLE_SUM_COLUMNS.key())));
      n.done();
    }
    return out;
  }

  private static TargetConfig target(ConfigNode n, Path base) {
    String path = n.string(TARGET_PATH);
    // A scheme-less path is local: make it absolute so every job and executor agrees on it.
    if (!path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      path = base.resolve(path).normalize().toString();
    }
    n.done();
    return new TargetConfig(path);
  }

  private static ReplicationConfig replication(ConfigNode n) {
    ReplicationConfig r = new ReplicationConfig(objectName(n, REPLICATION_SLOT),
        objectName(n, REPLICATION_PUBLICATION), n.integer(REPLICATION_RETAINED_WAL_WARN_MB));
    n.done();
    return r;
  }

  private static String objectName(ConfigNode n, ConfigOption o) {
    try {
      return Identifiers.requireObjectName(n.string(o), n.key(o.key()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static BackfillConfig backfill(ConfigNode n) {
    BackfillConfig b = new BackfillConfig(
        n.integer(BACKFILL_SPLITS),
        n.integer(BACKFILL_TARGET_SPLIT_MB),
        n.integer(BACKFILL_MAX_SPLITS),
        n.integer(BACKFILL_FETCH_SIZE),
        n.integer(BACKFILL_PARALLEL_TABLES),
        n.integer(BACKFILL_PROGRESS_INTERVAL_SECONDS),
        n.bool(BACKFILL_DELETION_VECTORS),
        n.enumValue(BACKFILL_READER, BackfillConfig.SplitReader.class));
    n.done();
    return b;
  }

  private static StreamConfig stream(ConfigNode n) {
    StreamConfig s = new StreamConfig(
        n.string(STREAM_BOOTSTRAP_SERVERS),
        n.string(STREAM_TOPIC_PREFIX),
        n.integer(STREAM_HEARTBEAT_INTERVAL_MS),
        n.integer(STREAM_TRIGGER_INTERVAL_SECONDS),
        n.integer(STREAM_MAX_OFFSETS_PER_TRIGGER),
        n.integer(STREAM_BROADCAST_MAX_KEYS),
        n.integer(STREAM_COMBINED_MERGE_MAX_TARGET_MB),
        n.integer(STREAM_COMPACTION_INTERVAL_SECONDS),
        n.integer(STREAM_COMPACTION_MIN_ROWS),
        n.integer(STREAM_COMPACTION_MAX_AGE_SECONDS),
        kafkaProperties(n));
    n.done();
    return s;
  }

  /**
   * Kafka client settings for both Debezium's producer and the apply job's consumer, e.g. TLS. Secrets
   * (key store passwords, SASL credentials) would end up in Debezium's generated config file, and the
   * settings Seam owns must not be overridden: both are rejected.
   */
  private static Map<String, String> kafkaProperties(ConfigNode n) {
    Map<String, String> props = n.stringMap(STREAM_KAFKA_PROPERTIES.key());
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
    ParityConfig p = new ParityConfig(zone(n.string(PARITY_TIME_ZONE), n.key(PARITY_TIME_ZONE.key())),
        n.integer(PARITY_WAIT_TIMEOUT_SECONDS),
        n.integer(PARITY_FREEZE_TIMEOUT_SECONDS),
        n.integer(PARITY_NUDGE_AFTER_SECONDS),
        n.integer(PARITY_KEY_BUCKETS),
        n.integer(PARITY_MAX_ROWS_PER_FETCH),
        n.integer(PARITY_MAX_LISTED_DIFFERENCES),
        n.integer(PARITY_CUTOVER_CLEAN_RUNS),
        n.integer(PARITY_CUTOVER_SOAK_MINUTES),
        n.bool(PARITY_CUTOVER_REQUIRES_SHADOW));
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
