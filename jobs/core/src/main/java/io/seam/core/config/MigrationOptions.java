package io.seam.core.config;

import static io.seam.core.config.ConfigOption.bool;
import static io.seam.core.config.ConfigOption.choice;
import static io.seam.core.config.ConfigOption.integer;
import static io.seam.core.config.ConfigOption.required;
import static io.seam.core.config.ConfigOption.text;

import java.util.List;
import java.util.Map;

/**
 * Every key of the migration YAML, in the documented example's order: the one definition the loader, the config
 * records' validation and conf/migration.example.yaml ({@link ExampleConfig}) read.
 */
public final class MigrationOptions {
  private MigrationOptions() {}

  // source
  public static final ConfigOption SOURCE_HOST = text("source", "host", "127.0.0.1", "");
  public static final ConfigOption SOURCE_PORT = integer("source", "port", 5432, 1, "");
  public static final ConfigOption SOURCE_DATABASE = required("source", "database", "shop", "");
  public static final ConfigOption SOURCE_USER = required("source", "user", "seam",
      "; needs REPLICATION and SELECT on the tables (see docs/security.md)");
  public static final ConfigOption SOURCE_PASSWORD_ENV = text("source", "password_env", "SEAM_SOURCE_PASSWORD",
      "environment variable holding the password. A literal `password:` key is rejected: passwords never live"
          + " in this file, on a command line or in logs");
  public static final ConfigOption SOURCE_PASSWORD_FILE = text("source", "password_file", null,
      "; when set, the password is read from this file instead").commentedOut("secrets/pg-password");
  public static final ConfigOption SOURCE_SSL_MODE = choice("source", "ssl_mode", SourceConfig.SslMode.PREFER,
      "; " + ConfigOption.choices(SourceConfig.SslMode.class) + " (docs/security.md)");
  public static final ConfigOption SOURCE_SSL_ROOT_CERT = text("source", "ssl_root_cert", null,
      " (the drivers' ~/.postgresql/root.crt): CA that signed the server's certificate")
      .commentedOut("tls/db-ca.pem");
  public static final ConfigOption SOURCE_CONNECT_TIMEOUT_SECONDS = integer("source", "connect_timeout_seconds", 10,
      1, "");

  // tables (each item)
  public static final ConfigOption TABLE_NAME = required("tables", "name", "public.orders",
      "; schema.table, unquoted parts lower-case, quote mixed case: public.\"Order Lines\"");
  public static final ConfigOption TABLE_PRIMARY_KEY = text("tables", "primary_key", null,
      "use the table's primary key; else unique, non-null columns").withExample("[]").withDefaultText("[]");
  public static final ConfigOption TABLE_DAY_COLUMN = text("tables", "day_column", null,
      "column whose day (in day_time_zone) parity buckets rows by").withExample("created_at");
  public static final ConfigOption TABLE_DAY_TIME_ZONE = text("tables", "day_time_zone", null, "")
      .withExample("UTC").withDefaultText("parity.time_zone");
  public static final ConfigOption TABLE_SUM_COLUMNS = text("tables", "sum_columns", null,
      "numeric columns parity sums per day").withExample("[amount]").withDefaultText("[]");

  // target
  public static final ConfigOption TARGET_PATH = required("target", "path", "/data/lake/shop",
      "; local path or Hadoop URI (s3a://, abfss://, gs://); tables land in <path>/tables/<schema>.<table>,"
          + " Seam's own files in <path>/_seam/");

  // replication
  public static final ConfigOption REPLICATION_SLOT = text("replication", "slot", "seam_slot",
      "the logical slot created at the seam (lower-case, digits, _)");
  public static final ConfigOption REPLICATION_PUBLICATION = text("replication", "publication", "seam_pub",
      "publication listing exactly the migrated tables");
  public static final ConfigOption REPLICATION_RETAINED_WAL_WARN_MB = integer("replication", "retained_wal_warn_mb",
      10_240, 1, "bin/seam stream status warns once the slot retains more WAL than this (a stopped stream, or a"
          + " finished migration not ended: bin/seam finish)");

  // backfill
  public static final ConfigOption BACKFILL_SPLITS = integer("backfill", "splits", 0, 0,
      "plan per table from its size (target_split_mb, at least one per core)");
  public static final ConfigOption BACKFILL_TARGET_SPLIT_MB = integer("backfill", "target_split_mb", 128, 1,
      "heap megabytes per split when planning");
  public static final ConfigOption BACKFILL_MAX_SPLITS = integer("backfill", "max_splits", 256, 1,
      "upper bound of planned splits per table");
  public static final ConfigOption BACKFILL_READER = choice("backfill", "reader", BackfillConfig.SplitReader.COPY,
      "splits stream PostgreSQL's COPY ... (FORMAT binary) inside the snapshot; jdbc: Spark's JDBC source instead"
          + " (several times slower, a fallback)");
  public static final ConfigOption BACKFILL_FETCH_SIZE = integer("backfill", "fetch_size", 10_000, 1,
      "rows per cursor round trip of the jdbc reader (a split needs a server-side cursor inside the exported"
          + " snapshot, which a fetch size of 0 would not open)");
  public static final ConfigOption BACKFILL_PARALLEL_TABLES = integer("backfill", "parallel_tables", 2, 1,
      "tables read at the same time (splits of each run in parallel too)");
  public static final ConfigOption BACKFILL_PROGRESS_INTERVAL_SECONDS = integer("backfill",
      "progress_interval_seconds", 10, 1, "");
  public static final ConfigOption BACKFILL_DELETION_VECTORS = bool("backfill", "deletion_vectors", true,
      "create target tables with Delta deletion vectors (faster MERGE)");

  // stream
  public static final ConfigOption STREAM_BOOTSTRAP_SERVERS = text("stream", "bootstrap_servers", "127.0.0.1:59092",
      " (the local stack's broker)");
  public static final ConfigOption STREAM_TOPIC_PREFIX = text("stream", "topic_prefix", "seam",
      "the migration's one change topic is <prefix>.changes (letters, digits, '.', '_' and '-')");
  public static final ConfigOption STREAM_HEARTBEAT_INTERVAL_MS = integer("stream", "heartbeat_interval_ms", 10_000,
      100, "Debezium heartbeats so a quiet source releases WAL");
  public static final ConfigOption STREAM_TRIGGER_INTERVAL_SECONDS = integer("stream", "trigger_interval_seconds", 2,
      0, "micro-batch trigger");
  public static final ConfigOption STREAM_MAX_OFFSETS_PER_TRIGGER = integer("stream", "max_offsets_per_trigger",
      500_000, 1, "cap on events per micro-batch under backlog (larger batches drain a backlog faster and hold"
          + " more in memory while they run: BENCHMARKS.md)");
  public static final ConfigOption STREAM_BROADCAST_MAX_KEYS = integer("stream", "broadcast_max_keys", 500_000, 0,
      "a table's fold of at most this many keys is broadcast to its update MERGE (no shuffle of the target"
          + " table); larger folds are shuffled; 0: never");
  public static final ConfigOption STREAM_COMBINED_MERGE_MAX_TARGET_MB = integer("stream",
      "combined_merge_max_target_mb", 64, 0, "a target table up to this size (Delta's figure) takes a fold's"
          + " updates and inserts in one MERGE (one commit); a larger one in two, so the updates can broadcast"
          + " the changes past it; 0: always two (both apply to the compactor's MERGE: batches themselves only"
          + " append to the change log)");
  public static final ConfigOption STREAM_COMPACTION_INTERVAL_SECONDS = integer("stream",
      "compaction_interval_seconds", 60, 1, "how often the apply job's compactor looks at the change log");
  public static final ConfigOption STREAM_COMPACTION_MIN_ROWS = integer("stream", "compaction_min_rows", 200_000, 1,
      "a table's logged changes are folded into its base table once there are this many (each read of its live"
          + " view overlays them) ...");
  public static final ConfigOption STREAM_COMPACTION_MAX_AGE_SECONDS = integer("stream", "compaction_max_age_seconds",
      1800, 0, "... or once the oldest is this old: readers of the plain Delta tables trail by up to this"
          + " (readers of the live views see changes at once either way; each fold is a MERGE, a few seconds per"
          + " table: docs/stream.md)");
  public static final ConfigOption STREAM_KAFKA_PROPERTIES = text("stream", "kafka_properties", null,
      "Kafka client settings for Debezium's producer and the apply job's consumer, e.g. TLS:"
          + " {security.protocol: SSL, ssl.truststore.type: PEM, ssl.truststore.location: /etc/seam/kafka-ca.pem};"
          + " credentials are refused").withExample("{}");

  // parity
  public static final ConfigOption PARITY_TIME_ZONE = text("parity", "time_zone", "UTC",
      "day bucketing zone for tables without day_time_zone");
  public static final ConfigOption PARITY_WAIT_TIMEOUT_SECONDS = integer("parity", "wait_timeout_seconds", 600, 1,
      "how long parity waits for the stream to reach the freeze");
  public static final ConfigOption PARITY_FREEZE_TIMEOUT_SECONDS = integer("parity", "freeze_timeout_seconds", 300,
      1, "how long the freeze may wait for transactions open at that moment to end (it names them while it waits;"
          + " docs/parity.md section 1)");
  public static final ConfigOption PARITY_NUDGE_AFTER_SECONDS = integer("parity", "nudge_after_seconds", 0, 0,
      "commit one heartbeat at once (or after this many seconds) so a quiet source cannot stall the wait");
  public static final ConfigOption PARITY_KEY_BUCKETS = integer("parity", "key_buckets", 64, 2,
      "key-hash buckets (tables without day_column; bisecting large days)");
  public static final ConfigOption PARITY_MAX_ROWS_PER_FETCH = integer("parity", "max_rows_per_fetch", 200_000, 1,
      "a disagreeing day larger than this is bisected before rows are read");
  public static final ConfigOption PARITY_MAX_LISTED_DIFFERENCES = integer("parity", "max_listed_differences",
      10_000, 1, "differing rows listed per table in the reports (all are counted)");
  public static final ConfigOption PARITY_CUTOVER_CLEAN_RUNS = integer("parity", "cutover_clean_runs", 3, 1,
      "consecutive clean runs bin/seam cutover-check requires");
  public static final ConfigOption PARITY_CUTOVER_SOAK_MINUTES = integer("parity", "cutover_soak_minutes", 1440, 0,
      "...spanning at least this long");
  public static final ConfigOption PARITY_CUTOVER_REQUIRES_SHADOW = bool("parity", "cutover_requires_shadow", false,
      "also require as many consecutive clean shadow runs (bin/seam shadow, docs/shadow.md) over the same soak"
          + " period");

  /** Every key, in the example's order. */
  public static final List<ConfigOption> ALL = List.of(
      SOURCE_HOST, SOURCE_PORT, SOURCE_DATABASE, SOURCE_USER, SOURCE_PASSWORD_ENV, SOURCE_PASSWORD_FILE,
      SOURCE_SSL_MODE, SOURCE_SSL_ROOT_CERT, SOURCE_CONNECT_TIMEOUT_SECONDS,
      TABLE_NAME, TABLE_PRIMARY_KEY, TABLE_DAY_COLUMN, TABLE_DAY_TIME_ZONE, TABLE_SUM_COLUMNS,
      TARGET_PATH,
      REPLICATION_SLOT, REPLICATION_PUBLICATION, REPLICATION_RETAINED_WAL_WARN_MB,
      BACKFILL_SPLITS, BACKFILL_TARGET_SPLIT_MB, BACKFILL_MAX_SPLITS, BACKFILL_READER, BACKFILL_FETCH_SIZE,
      BACKFILL_PARALLEL_TABLES, BACKFILL_PROGRESS_INTERVAL_SECONDS, BACKFILL_DELETION_VECTORS,
      STREAM_BOOTSTRAP_SERVERS, STREAM_TOPIC_PREFIX, STREAM_HEARTBEAT_INTERVAL_MS, STREAM_TRIGGER_INTERVAL_SECONDS,
      STREAM_MAX_OFFSETS_PER_TRIGGER, STREAM_BROADCAST_MAX_KEYS, STREAM_COMBINED_MERGE_MAX_TARGET_MB,
      STREAM_COMPACTION_INTERVAL_SECONDS, STREAM_COMPACTION_MIN_ROWS, STREAM_COMPACTION_MAX_AGE_SECONDS,
      STREAM_KAFKA_PROPERTIES,
      PARITY_TIME_ZONE, PARITY_WAIT_TIMEOUT_SECONDS, PARITY_FREEZE_TIMEOUT_SECONDS, PARITY_NUDGE_AFTER_SECONDS,
      PARITY_KEY_BUCKETS, PARITY_MAX_ROWS_PER_FETCH, PARITY_MAX_LISTED_DIFFERENCES, PARITY_CUTOVER_CLEAN_RUNS,
      PARITY_CUTOVER_SOAK_MINUTES, PARITY_CUTOVER_REQUIRES_SHADOW);

  /** What each section is, as the example's section lines say it; a section without one is absent. */
  public static final Map<String, String> SECTIONS = Map.of(
      "source", "the PostgreSQL being migrated",
      "tables", "required: at least one",
      "target", "",
      "replication", "",
      "backfill", "",
      "stream", "Kafka and the change stream (apply-cdc)",
      "parity", "see docs/parity.md");
}
