package io.seam.cdc.batch;

import io.seam.core.DaemonThreads;
import io.seam.core.live.ChangeLog;
import io.seam.core.live.LiveTables;
import io.seam.core.Lsn;
import io.seam.core.StageClock;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.TableConfig;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.PgCatalog;
import io.seam.core.pg.PgConnections;
import io.seam.core.stream.StreamPosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code foreachBatch}: parse, route bad records to the dead-letter table, follow schema
 * changes, append every table's changes to the change log in one commit and, side by side with it, record the
 * applied position with the batch's transactions. The tables themselves are written by the compactor, off this path. Every write
 * is marked with the app id and batch id ({@link io.seam.core.stream.BatchAppend}), so a batch re-run after a
 * crash writes nothing twice; the version guard of readers and of the compactor's MERGE makes replayed
 * records no-ops.
 */
public final class BatchApplier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.cdc");
  /** The FAIR pool of the batches' jobs (fairscheduler.xml), the compactor's being {@code Compactor.POOL}. */
  public static final String BATCH_POOL = "seam-batches";

  private static final String LOGGABLE = "kind = 'CHANGE' AND error IS NULL AND " + ParsedRecords.DECODE_ERROR
      + " IS NULL";
  /** A record for the dead-letter table: it did not parse, or its change cannot be logged. */
  private static final String DEAD = "error IS NOT NULL OR " + ParsedRecords.DECODE_ERROR + " IS NOT NULL";

  private final MigrationConfig config;
  private final String appId;
  private final String changeLog;
  private final PgConnections connections;
  private final Map<String, TableTarget> targets = new java.util.concurrent.ConcurrentHashMap<>();
  private Connection catalogConnection;
  private Map<String, String> checksSql;
  private DecodeChecks checks;
  /**
   * Writes each batch's progress row beside its change-log append. Started here, on the job's main thread:
   * a thread inherits Spark's local properties from the thread that creates it, and the stream's thread
   * carries the SQL execution of the batch that is running.
   */
  private final ThreadPoolExecutor progressWriter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), DaemonThreads.named("seam-progress"));


  public BatchApplier(SparkSession spark, MigrationConfig config, SeamManifest manifest) {
    // A batch is cached for the few passes over it and dropped at its end: compressing the cache's columns
    // (long JSON strings) was a tenth of the apply job's CPU in a profile and saves memory only briefly.
    spark.conf().set("spark.sql.inMemoryColumnarStorage.compressed", "false");
    progressWriter.prestartAllCoreThreads();
    this.config = config;
    this.appId = appId(manifest);
    this.changeLog = ChangeLog.path(config.target());
    this.connections = new PgConnections(config.source());
    PgCatalog catalog = catalog();
    for (TableConfig t : config.tables()) {
      List<String> pk = manifest.table(t.table().display()).map(SeamManifest.TableEntry::primaryKey)
          .orElseThrow(() -> new IllegalStateException("table " + t.table() + " is configured but not in the seam"
              + " manifest: it was not backfilled; re-run the backfill with --restart to add it"));
      String path = config.target().tablePath(t.table());
      List<org.apache.spark.sql.types.StructField> targetColumns = java.util.Arrays.stream(
          spark.read().format("delta").load(path).schema().fields())
          .filter(c -> !io.seam.core.MetadataColumns.isMetadata(c.name())).toList();
      targets.put(t.table().streamName(), new TableTarget(t, path, pk, catalog.describe(t.table()),
          targetColumns));
    }
    ChangeLog.ensure(spark, changeLog);
    AppliedProgress.ensure(spark, config.target().seamPath(StreamPosition.PROGRESS));
    writeViews(spark);
  }

  private void writeViews(SparkSession spark) {
    LiveTables.writeViews(spark, config.target(), targets.values().stream().map(TableTarget::view).toList());
  }

  /** The apply job's id for a seam: the prefix of every idempotent-write marker it and its compactor set. */
  public static String appId(SeamManifest manifest) {
    return "seam-apply:" + manifest.slot() + ":" + manifest.seamLsn();
  }

  /** The migration's tables by their change-log name, as the batches follow them (shared with the compactor). */
  public Map<String, TableTarget> targets() {
    return java.util.Collections.unmodifiableMap(targets);
  }

  public void apply(Dataset<Row> kafkaBatch, long batchId) {
    Instant start = Instant.now();
    StageClock clock = new StageClock();
    Map<String, List<String>> layout = layout();
    Dataset<Row> parsed = parse(kafkaBatch, layout);
    try {
      // One pass over the cached batch for every figure the batch needs before its write: a Spark job per
      // figure cost each micro-batch a fixed second or more, which is what commit-to-visible lag is made of.
      Row summary = parsed.selectExpr("count(*)", "count_if(kind = 'TRUNCATE')", "count_if(kind = 'TX_END')",
          "max(commit_lsn) FILTER (WHERE kind = 'TX_END')",
          "timestamp_micros(max(source_ts_us) FILTER (WHERE kind = 'CHANGE'))",
          "collect_set(struct(table_name, fields)) FILTER (WHERE kind = 'CHANGE')",
          "count_if(" + DEAD + ")", "count_if(" + LOGGABLE + ")", AppliedProgress.COMMITS_SQL).first();
      long events = summary.getLong(0);
      if (summary.getLong(1) > 0) {
        stopOnTruncate(parsed);
      }
      long transactions = summary.getLong(2);
      Long applied = summary.isNullAt(3) ? null : summary.getLong(3);
      Timestamp maxSource = summary.isNullAt(4) ? null : summary.getTimestamp(4);
      Map<String, List<Set<String>>> fieldsByTable = fieldsByTable(summary.getList(5));
      boolean anyDead = summary.getLong(6) > 0;
      long changes = summary.getLong(7);
      clock.lap("parse");
      // Every table's schema before any write: a dropped or retyped column stops the batch with nothing of it
      // applied, an added one is added to its target.
      for (Map.Entry<String, List<Set<String>>> e : fieldsByTable.entrySet()) {
        TableTarget target = targets.get(e.getKey());
        if (target != null) {
          target.follow(e.getValue(), catalog(), kafkaBatch.sparkSession());
        }
      }
      clock.lap("schema");
      Map<String, List<String>> followed = layout();
      if (!followed.equals(layout)) {
        // A column was added: the images were cut to the old columns, so parse the batch again (rare).
        parsed.unpersist();
        parsed = parse(kafkaBatch, followed);
        Row recount = parsed.selectExpr("count_if(" + DEAD + ")", "count_if(" + LOGGABLE + ")").first();
        anyDead = recount.getLong(0) > 0;
        changes = recount.getLong(1);
        writeViews(kafkaBatch.sparkSession());
        clock.lap("parse");
      }
      long deadCount = !anyDead ? 0 : DeadLetters.write(parsed.where(DEAD).selectExpr("table_name", "topic",
          "partition", "offset", "raw_key", "raw_value",
          "coalesce(error, " + ParsedRecords.DECODE_ERROR + ") AS error"),
          config.target().seamPath("dead_letters"), appId, batchId);
      if (anyDead) {
        clock.lap("dead letters");
      }
      // A batch of heartbeats and transaction starts only applies nothing and moves no position: its row
      // would cost a Delta commit (seconds on a small machine) every heartbeat interval of a quiet source.
      Future<?> progress = null;
      if (transactions > 0 || !fieldsByTable.isEmpty() || deadCount > 0) {
        Instant end = Instant.now();
        AppliedProgress.Batch row = new AppliedProgress.Batch(batchId, applied, events, changes, deadCount,
            transactions, maxSource, Timestamp.from(end), Duration.between(start, end).toMillis());
        List<Row> commits = summary.getList(8);
        SparkSession spark = kafkaBatch.sparkSession();
        progress = progressWriter.submit(() -> {
          spark.sparkContext().setLocalProperty("spark.scheduler.pool", BATCH_POOL);
          AppliedProgress.append(spark, config.target().seamPath(StreamPosition.PROGRESS), appId, row, commits);
        });
      }
      try {
        // Every table's changes in one commit to the change log: what makes them visible, at any table count.
        // The progress row commits meanwhile (another table, no conflict); readers count it once this commit
        // is there (StreamPosition), so the batch pays the longer of the two commits, not their sum.
        if (changes > 0) {
          Dataset<Row> logged = parsed.where(LOGGABLE).select(functions.col("table_name"),
              BatchConstant.of(batchId, DataTypes.LongType).as("batch_id"), functions.col("version"),
              functions.col("op"), functions.col("source_ts_us"),
              BatchConstant.of(Timestamp.from(Instant.now()), DataTypes.TimestampType).as("applied_at"),
              functions.col("offset"), functions.col("image"));
          ChangeLog.append(logged, changeLog, appId, batchId, applied);
          clock.lap("log");
        }
      } finally {
        if (progress != null) {
          awaitProgress(progress, batchId);
          clock.lap("progress");
        }
      }
      log(batchId, events, changes, deadCount, applied, maxSource, Duration.between(start, Instant.now()), clock);
    } finally {
      parsed.unpersist();
    }
  }

  /** The batch parsed and checked against each table's decodings, cached for the batch's few passes. */
  private Dataset<Row> parse(Dataset<Row> kafkaBatch, Map<String, List<String>> layout) {
    return ParsedRecords.parse(kafkaBatch, layout, checks(kafkaBatch.sparkSession())).persist();
  }

  /**
   * Why a change cannot be logged: its table is not in the migration, a value does not convert to its column's
   * type, or a key column is null. Checked before the log, because readers decode the log's images again and
   * must never meet a value that does not convert. Analysed again only when a table's columns changed.
   */
  private DecodeChecks checks(SparkSession spark) {
    Map<String, String> sql = new HashMap<>();
    targets.forEach((name, target) -> sql.put(name, target.plan().imageErrorsSql()));
    if (!sql.equals(checksSql)) {
      checks = DecodeChecks.of(spark, sql);
      checksSql = sql;
    }
    return checks;
  }

  /** Each table's known columns, the order of the parsed row images. */
  private Map<String, List<String>> layout() {
    Map<String, List<String>> out = new HashMap<>();
    targets.forEach((name, target) -> out.put(name, target.columns()));
    return out;
  }

  /** The distinct (table, field list) pairs of the batch's changes; a table with only deletes has no list. */
  private static Map<String, List<Set<String>>> fieldsByTable(List<Row> tableAndFields) {
    Map<String, List<Set<String>>> out = new HashMap<>();
    for (Row r : tableAndFields) {
      List<Set<String>> lists = out.computeIfAbsent(r.getString(0), k -> new ArrayList<>());
      if (!r.isNullAt(1)) {
        lists.add(new LinkedHashSet<>(r.<String>getList(1)));
      }
    }
    return out;
  }

  /**
   * A TRUNCATE names no rows: applied as nothing, the target would keep rows the source no longer has.
   * The batch stops before anything of it is written, so a restart meets the same record and stops again.
   */
  private void stopOnTruncate(Dataset<Row> parsed) {
    List<Row> truncates = parsed.where("kind = 'TRUNCATE'").selectExpr("table_name", "offset").collectAsList();
    for (Row t : truncates) {
      if (targets.containsKey(t.getString(0))) {
        throw new SchemaChangeException("table " + t.getString(0) + " was truncated at the source (change topic offset "
            + t.getLong(1) + "). Seam stopped the stream rather than keep rows the source no longer has. Way forward:"
            + " re-seam (bin/seam stream stop, bin/seam backfill --config FILE --restart, bin/seam stream start);"
            + " see docs/stream.md#schema-changes");
      }
    }
  }

  /** The batch ends only once its progress row is committed: Spark's checkpoint then marks it done. */
  private static void awaitProgress(Future<?> progress, long batchId) {
    try {
      progress.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while batch " + batchId + " wrote its progress row", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r
          : new IllegalStateException("batch " + batchId + " could not write its progress row: "
              + e.getCause().getMessage(), e.getCause());
    }
  }

  private static void log(long batchId, long events, long logged, long dead, Long applied, Timestamp maxSource,
      Duration took, StageClock clock) {
    double s = Math.max(0.001, took.toMillis() / 1000.0);
    String lag = maxSource == null ? "-" : String.format("%.1f s",
        Duration.between(maxSource.toInstant(), Instant.now()).toMillis() / 1000.0);
    LOG.info("batch {}: {} events ({} changes logged, {} dead letters) in {} s ({} ev/s; {}); applied to {};"
        + " commit-to-visible lag {}", batchId, events, logged, dead, String.format("%.1f", s), (long) (events / s),
        clock, applied == null ? "(no commit in batch)" : new Lsn(applied).toString(), lag);
  }

  private PgCatalog catalog() {
    try {
      if (catalogConnection == null || !catalogConnection.isValid(5)) {
        catalogConnection = connections.open();
      }
    } catch (SQLException e) {
      catalogConnection = connections.open();
    }
    return new PgCatalog(catalogConnection);
  }

  @Override
  public void close() {
    progressWriter.shutdownNow();
    try {
      if (catalogConnection != null) {
        catalogConnection.close();
      }
    } catch (SQLException ignored) {
      // closing anyway
    }
  }
}
