package io.seam.cdc.batch;

import io.seam.core.Lsn;
import io.seam.core.StageClock;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.TableConfig;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.PgCatalog;
import io.seam.core.pg.PgConnections;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code foreachBatch}: parse, route bad records to the dead-letter table, follow schema
 * changes, MERGE each table's changes, record the applied position with the batch's transactions. Every write
 * carries Delta's idempotent-write markers (app id + batch id), so a batch re-run after a crash
 * changes nothing twice; the version guard in the MERGE makes replays no-ops as well.
 */
public final class BatchApplier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.cdc");

  private final MigrationConfig config;
  private final String appId;
  private final PgConnections connections;
  private final Map<String, TableTarget> targets = new HashMap<>();
  private Connection catalogConnection;

  public BatchApplier(SparkSession spark, MigrationConfig config, SeamManifest manifest) {
    // A batch is cached for the few passes over it and dropped at its end: compressing the cache's columns
    // (long JSON strings) was a tenth of the apply job's CPU in a profile and saves memory only briefly.
    spark.conf().set("spark.sql.inMemoryColumnarStorage.compressed", "false");
    this.config = config;
    this.appId = "seam-apply:" + manifest.slot() + ":" + manifest.seamLsn();
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
      targets.put(t.table().schema() + "." + t.table().name(),
          new TableTarget(t, path, pk, catalog.describe(t.table()), targetColumns));
    }
  }

  public void apply(Dataset<Row> kafkaBatch, long batchId) {
    Instant start = Instant.now();
    StageClock clock = new StageClock();
    SparkSession spark = kafkaBatch.sparkSession();
    Map<String, List<String>> layout = layout();
    Dataset<Row> parsed = ParsedRecords.parse(kafkaBatch, layout).persist();
    try {
      // One pass over the cached batch for every figure the batch needs before its MERGEs: a Spark job
      // per figure cost each micro-batch a fixed second or more, which is what commit-to-visible lag is made of.
      Row summary = parsed.selectExpr("count(*)", "count_if(kind = 'TRUNCATE')", "count_if(kind = 'TX_END')",
          "max(commit_lsn) FILTER (WHERE kind = 'TX_END')",
          "timestamp_micros(max(source_ts_us) FILTER (WHERE kind = 'CHANGE'))",
          "collect_set(struct(table_name, fields)) FILTER (WHERE kind = 'CHANGE')",
          "count_if(error IS NOT NULL)").first();
      long events = summary.getLong(0);
      if (summary.getLong(1) > 0) {
        stopOnTruncate(parsed);
      }
      long transactions = summary.getLong(2);
      Long applied = summary.isNullAt(3) ? null : summary.getLong(3);
      Timestamp maxSource = summary.isNullAt(4) ? null : summary.getTimestamp(4);
      Map<String, List<Set<String>>> fieldsByTable = fieldsByTable(summary.getList(5));
      clock.lap("parse");
      // Every table's schema before any write: a dropped or retyped column stops the batch with nothing of it
      // applied, an added one is added to its target.
      for (Map.Entry<String, List<Set<String>>> e : fieldsByTable.entrySet()) {
        TableTarget target = targets.get(e.getKey());
        if (target != null) {
          target.follow(e.getValue(), catalog(), spark);
        }
      }
      clock.lap("schema");
      Map<String, List<String>> followed = layout();
      if (!followed.equals(layout)) {
        // A column was added: the images were cut to the old columns, so parse the batch again (rare).
        parsed.unpersist();
        parsed = ParsedRecords.parse(kafkaBatch, followed).persist();
        clock.lap("parse");
      }
      List<Dataset<Row>> dead = new ArrayList<>();
      boolean anyDead = summary.getLong(6) > 0;
      dead.add(parsed.where("error IS NOT NULL").selectExpr("CAST(NULL AS STRING) AS table_name", "topic",
          "partition", "offset", "raw_key", "raw_value", "error"));
      Dataset<Row> ends = parsed.where("kind = 'TX_END'").selectExpr("tx_id", "commit_lsn",
          "timestamp_micros(source_ts_us) AS committed_at");
      Dataset<Row> changes = parsed.where("kind = 'CHANGE'");
      long merged = 0;
      for (Map.Entry<String, List<Set<String>>> e : fieldsByTable.entrySet()) {
        TableTarget target = targets.get(e.getKey());
        Dataset<Row> tableChanges = changes.where(org.apache.spark.sql.functions.col("table_name").equalTo(e.getKey()));
        if (target == null) {
          dead.add(tableChanges.selectExpr("table_name", "topic", "partition", "offset", "raw_key", "raw_value",
              "concat('table ', table_name, ' is not in this migration (tables[] of the config)') AS error"));
          anyDead = true;
          continue;
        }
        TableBatch.Result r = TableBatch.apply(spark, target, tableChanges,
            new MergeCommit(appId, target.name(), batchId, applied), config.stream());
        merged += r.merged();
        if (r.deadLetters() != null) {
          dead.add(r.deadLetters());
          anyDead = true;
        }
        clock.lap("merge");
      }
      MergeCommit.clear(spark);
      long deadCount = !anyDead ? 0 : DeadLetters.write(dead.stream().reduce(Dataset::unionByName).orElseThrow(),
          config.target().seamPath("dead_letters"), appId + ":dead", batchId);
      clock.lap("dead letters");
      // A batch of heartbeats and transaction starts only applies nothing and moves no position: its row
      // would cost a Delta commit (seconds on a small machine) every heartbeat interval of a quiet source.
      if (transactions > 0 || !fieldsByTable.isEmpty() || deadCount > 0) {
        Instant end = Instant.now();
        AppliedProgress.append(spark, config.target().seamPath(io.seam.core.stream.StreamPosition.PROGRESS),
            appId + ":progress", new AppliedProgress.Batch(batchId, applied, events, merged, deadCount, transactions,
                maxSource, Timestamp.from(end), Duration.between(start, end).toMillis()), ends);
        clock.lap("progress");
      }
      log(batchId, events, merged, deadCount, applied, maxSource, Duration.between(start, Instant.now()), clock);
    } finally {
      parsed.unpersist();
    }
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

  private static void log(long batchId, long events, long merged, long dead, Long applied, Timestamp maxSource,
      Duration took, StageClock clock) {
    double s = Math.max(0.001, took.toMillis() / 1000.0);
    String lag = maxSource == null ? "-" : String.format("%.1f s",
        Duration.between(maxSource.toInstant(), Instant.now()).toMillis() / 1000.0);
    LOG.info("batch {}: {} events ({} rows merged, {} dead letters) in {} s ({} ev/s; {}); applied to {};"
        + " commit-to-applied lag {}", batchId, events, merged, dead, String.format("%.1f", s), (long) (events / s),
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
    try {
      if (catalogConnection != null) {
        catalogConnection.close();
      }
    } catch (SQLException ignored) {
      // closing anyway
    }
  }
}
