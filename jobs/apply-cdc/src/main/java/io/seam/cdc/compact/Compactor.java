package io.seam.cdc.compact;

import io.seam.cdc.batch.BatchApplier;
import io.seam.cdc.batch.TableTarget;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.live.ChangeLog;
import io.seam.core.config.MigrationConfig;
import io.seam.core.stream.StreamPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the change log into the base tables, off the stream's path: each round pins the log's latest
 * version, MERGEs every table's rows of it into its base table (TableCompaction), then deletes from the log
 * the rows that the <em>previous</em> round folded. A reader that pinned the base before a fold and the log
 * after the following delete would miss rows; the one-round delay (at least one interval) keeps even an
 * unpinned reader's two snapshots apart by less than that, and Seam's own readers pin the log first
 * ({@link io.seam.cdc.live.LiveTables}). Every step is idempotent: a round killed anywhere is redone by
 * the next one (or the next process's) with the same outcome.
 *
 * <p>Runs in its own Spark session (its MERGE markers are session settings the batches must not see) and
 * scheduler pool, so a fold's long stages share the cores with the batches instead of queueing them.
 */
public final class Compactor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.cdc");
  public static final String POOL = "seam-compaction";
  /** Log and progress housekeeping (VACUUM, OPTIMIZE) every this many rounds that changed the log. */
  private static final int HOUSEKEEPING_EVERY = 10;
  private static final int PROGRESS_FILES_WORTH_OPTIMIZING = 100;

  private final SparkSession spark;
  private final MigrationConfig config;
  private final String appId;
  private final Map<String, TableTarget> targets;
  private final String logPath;
  private ScheduledExecutorService scheduler;
  private Long foldedNotDeleted;
  private int roundsSinceHousekeeping;

  /**
   * @param spark the apply job's session; the compactor works in a new session of the same context
   * @param targets the migration's tables by log name ("schema.table"), shared with the batches
   */
  public Compactor(SparkSession spark, MigrationConfig config, SeamManifest manifest,
      Map<String, TableTarget> targets) {
    this.spark = spark.newSession();
    this.spark.conf().set("spark.sql.session.timeZone", "UTC");
    this.config = config;
    this.appId = appId(manifest);
    this.targets = targets;
    this.logPath = ChangeLog.path(config.target());
  }

  /** The prefix of the compactor's idempotent-write markers for a seam. */
  public static String appId(SeamManifest manifest) {
    return "seam-compact:" + BatchApplier.appId(manifest);
  }

  /** What one round did. */
  public record Round(long foldedChanges, int tables, Optional<Long> throughBatch, Optional<Long> deletedThrough,
      Duration took) {}

  /** Rounds every {@code interval} on a thread of its own, until {@link #close}. A failed round is logged and retried. */
  public void start(Duration interval) {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "seam-compactor");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      spark.sparkContext().setLocalProperty("spark.scheduler.pool", POOL);
      try {
        round(true);
      } catch (RuntimeException e) {
        // The log keeps every change until a round succeeds, and readers overlay it: nothing is lost or
        // wrong meanwhile, only the log grows. Say so every time.
        LOG.warn("compaction round failed, the change log keeps its rows and the next round retries: {}",
            e.getMessage(), e);
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Folds whatever the log holds now. With {@code deleteFolded}, the rows the previous round folded are then
   * deleted from the log (and every few rounds the log is vacuumed and the progress table compacted).
   */
  public synchronized Round round(boolean deleteFolded) {
    Instant start = Instant.now();
    Optional<Long> version = ChangeLog.latestVersion(spark, logPath);
    if (version.isEmpty()) {
      return new Round(0, 0, Optional.empty(), Optional.empty(), Duration.ZERO);
    }
    String pinned = "seam_log_pinned";
    spark.read().format("delta").option("versionAsOf", version.get()).load(logPath).createOrReplaceTempView(pinned);
    List<Row> pending = spark.sql("SELECT table_name, max(batch_id), count(*) FROM " + pinned + " GROUP BY table_name")
        .collectAsList();
    long through = pending.stream().mapToLong(r -> r.getLong(1)).max().orElse(-1);
    if (!pending.isEmpty()) {
      LOG.info("compaction: folding {} change(s) of {} table(s) through batch {} into the base tables",
          pending.stream().mapToLong(r -> r.getLong(2)).sum(), pending.size(), through);
    }
    long folded = 0;
    List<String> timings = new ArrayList<>();
    for (Row p : pending) {
      TableTarget target = targets.get(p.getString(0));
      if (target == null) {
        continue;  // the batches log only the migration's tables; a table left out of the config since stays
      }
      Instant t0 = Instant.now();
      folded += TableCompaction.run(spark, target, pinned, new MergeCommit(appId, target.name(), through),
          config.stream());
      timings.add(target.name() + " " + String.format("%.1f", Duration.between(t0, Instant.now()).toMillis() / 1000.0)
          + " s");
    }
    spark.catalog().dropTempView(pinned);
    Optional<Long> deleted = Optional.empty();
    if (deleteFolded && foldedNotDeleted != null) {
      spark.sql("DELETE FROM " + ChangeLog.relation(logPath, Optional.empty()) + " WHERE batch_id <= "
          + foldedNotDeleted);
      deleted = Optional.of(foldedNotDeleted);
      foldedNotDeleted = null;
      if (++roundsSinceHousekeeping >= HOUSEKEEPING_EVERY) {
        housekeeping();
        roundsSinceHousekeeping = 0;
      }
    }
    if (!pending.isEmpty()) {
      foldedNotDeleted = through;
    }
    Round r = new Round(folded, pending.size(), pending.isEmpty() ? Optional.empty() : Optional.of(through), deleted,
        Duration.between(start, Instant.now()));
    if (!pending.isEmpty() || deleted.isPresent()) {
      LOG.info("compaction: {} row(s) of {} table(s) changed in the base tables through batch {}{} in {} s [{}]",
          r.foldedChanges(), r.tables(), r.throughBatch().map(String::valueOf).orElse("-"),
          deleted.map(d -> "; the log's rows through batch " + d + " deleted").orElse(""),
          String.format("%.1f", r.took().toMillis() / 1000.0), String.join(", ", timings));
    }
    return r;
  }

  /**
   * The log's removed files are deleted from storage after its one-hour retention, and the progress table
   * (a file per batch) is rewritten into few files: both otherwise grow without bound at a batch a second.
   */
  private void housekeeping() {
    spark.sql("VACUUM " + ChangeLog.relation(logPath, Optional.empty()));
    String progress = config.target().seamPath(StreamPosition.PROGRESS);
    long files = org.apache.spark.sql.delta.DeltaLog.forTable(spark, progress).update(false, scala.Option.empty(),
        scala.Option.empty()).numOfFiles();
    if (files >= PROGRESS_FILES_WORTH_OPTIMIZING) {
      spark.sql("OPTIMIZE " + ChangeLog.relation(progress, Optional.empty()));
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdown();
      try {
        // A fold in progress finishes (or is redone by the next start): waiting bounds a clean stop.
        scheduler.awaitTermination(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
