package io.seam.cdc.compact;

import io.seam.core.DaemonThreads;
import io.seam.cdc.batch.BatchApplier;
import io.seam.cdc.batch.TableTarget;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.live.ChangeLog;
import io.seam.core.live.FoldMark;
import io.seam.core.live.FreezeHold;
import io.seam.core.config.MigrationConfig;
import io.seam.core.stream.OffPathCheckpoints;
import io.seam.core.stream.StreamPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the change log into the base tables, off the stream's path: each round deletes from the log the
 * rows that the <em>previous</em> round folded, pins the log's latest version, and MERGEs every table's rows
 * of it not folded yet into its base table (TableCompaction), then records how far it folded
 * ({@link FoldMark}). A reader that pinned the base before a fold and the log after the following delete
 * would miss rows; the one-round delay (at least one interval) keeps even an unpinned reader's two
 * snapshots apart by less than that, and Seam's own readers pin the log first
 * ({@link io.seam.core.live.LiveTables}). Every step is idempotent: a round killed anywhere is redone by
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
  /** A round checkpoints the log and the progress table when this many commits came since their last one. */
  private static final long CHECKPOINT_AFTER_COMMITS = 10;

  private final SparkSession spark;
  private final MigrationConfig config;
  private final String appId;
  private final Map<String, TableTarget> targets;
  private final String logPath;
  private final String seamLsn;
  private final FoldPlanner planner;
  private ScheduledExecutorService scheduler;
  /** Per table, every batch up to this one is in its base table. */
  private final Map<String, Long> folded = new java.util.TreeMap<>();
  /** What the next round may delete from the log: {@link #folded} as the previous round left it. */
  private Map<String, Long> deletable;
  /** Per table, the log holds no row of a batch up to this one. */
  private final Map<String, Long> deleted = new java.util.TreeMap<>();
  /** Whole batches the previous round found folded, which the next may drop ({@link FoldPlanner#clearableThrough}). */
  private Optional<Long> clearable = Optional.empty();
  /** The log holds no batch up to this one. */
  private long cleared = -1;
  private int roundsSinceHousekeeping;
  private final StreamPosition position;
  /** The holds (and expired holds) already said in the log. */
  private final java.util.Set<String> saidHolds = new java.util.HashSet<>();

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
    this.seamLsn = manifest.seamLsn();
    this.position = new StreamPosition(this.spark, config.target());
    this.planner = new FoldPlanner(config.stream().compactionMinRows(),
        Duration.ofSeconds(config.stream().compactionMaxAgeSeconds()));
    // What an earlier process folded was folded before this one started: its rows may go at the first round.
    FoldMark.read(config.target(), seamLsn, spark.sparkContext().hadoopConfiguration()).ifPresent(m -> {
      folded.putAll(m.foldedThrough());
      clearable = m.wholeBatchesThrough();
    });
    this.deletable = Map.copyOf(folded);
  }

  /** The prefix of the compactor's idempotent-write markers for a seam. */
  public static String appId(SeamManifest manifest) {
    return "seam-compact:" + BatchApplier.appId(manifest);
  }

  /**
   * What one round did: rows its MERGEs changed, tables folded, the last batch folded (of any table), whether
   * (and through which batch at most) it deleted folded rows from the log, how long it took.
   */
  public record Round(long changedRows, int tables, Optional<Long> throughBatch, Optional<Long> deletedThrough,
      Duration took) {}

  /** Rounds every {@code interval} on a thread of its own, until {@link #close}. A failed round is logged and retried. */
  public void start(Duration interval) {
    scheduler = DaemonThreads.scheduler("seam-compactor");
    scheduler.scheduleWithFixedDelay(() -> {
      spark.sparkContext().setLocalProperty("spark.scheduler.pool", POOL);
      try {
        round(true, false);
      } catch (RuntimeException e) {
        if (spark.sparkContext().isStopped()) {
          return;  // the job is shutting down (stream stop): the round is redone at the next start
        }
        // The log keeps every change until a round succeeds, and readers overlay it: nothing is lost or
        // wrong meanwhile, only the log grows. Say so every time.
        LOG.warn("compaction round failed, the change log keeps its rows and the next round retries: {}",
            e.getMessage(), e);
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Folds the tables whose unfolded changes are many or old enough ({@link FoldPlanner}; every table with
   * {@code force}). With {@code deleteFolded}, first deletes from the log the rows the previous round had
   * folded (and every few rounds vacuums the log and compacts the progress table).
   */
  public synchronized Round round(boolean deleteFolded, boolean force) {
    Instant start = Instant.now();
    Optional<Long> deletedNow = deleteFolded ? deleteFolded() : Optional.empty();
    Optional<Long> version = ChangeLog.latestVersion(spark, logPath);
    // Read after the log is pinned: a parity run writes its hold before it freezes, so a hold this round does
    // not see was written after the pin, and the pinned log then holds only changes committed before F.
    List<FreezeHold> holds = liveHolds(start);
    Optional<java.math.BigDecimal> holdCut = FoldPlanner.holdCut(holds, position::lastCommitAtOrBefore);
    List<FoldPlanner.Pending> chosen = List.of();
    List<FoldPlanner.Pending> pending = List.of();
    String pinned = "seam_log_pinned";
    if (version.isPresent()) {
      spark.read().format("delta").option("versionAsOf", version.get()).load(logPath)
          .where(FoldPlanner.unfoldedPredicate(folded)).createOrReplaceTempView(pinned);
      String firstHeld = holdCut.map(c -> "min(batch_id) FILTER (WHERE version >= " + c.toPlainString() + ")")
          .orElse("CAST(NULL AS BIGINT)");
      pending = spark.sql("SELECT table_name, count(*), min(batch_id), max(batch_id), min(applied_at), " + firstHeld
          + " FROM " + pinned + " GROUP BY table_name").collectAsList().stream().map(r -> new FoldPlanner.Pending(
          r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getTimestamp(4).toInstant(),
          r.isNullAt(5) ? Optional.<Long>empty() : Optional.of(r.getLong(5)))).toList();
      chosen = planner.choose(pending, start, force);
    }
    if (!chosen.isEmpty()) {
      LOG.info("compaction: folding {} change(s) of {} table(s) into the base tables",
          chosen.stream().mapToLong(FoldPlanner.Pending::rows).sum(), chosen.size());
    }
    List<String> timings = new ArrayList<>();
    long changed = 0;
    for (FoldPlanner.Pending p : chosen) {
      TableTarget target = targets.get(p.table());
      if (target == null) {
        continue;  // the batches log only the migration's tables; a table left out of the config since stays
      }
      Instant t0 = Instant.now();
      String rows = "(SELECT * FROM " + pinned + " WHERE batch_id <= " + p.lastBatch() + ")";
      changed += TableCompaction.run(spark, target, rows, new MergeCommit(appId, target.name(), p.lastBatch()),
          config.stream());
      folded.put(p.table(), p.lastBatch());
      timings.add(target.name() + " " + String.format("%.1f", Duration.between(t0, Instant.now()).toMillis() / 1000.0)
          + " s");
    }
    spark.catalog().dropTempView(pinned);
    deletable = Map.copyOf(folded);
    if (version.isPresent()) {
      clearable = FoldPlanner.clearableThrough(pending, folded);
    }
    if (!chosen.isEmpty()) {
      new FoldMark(seamLsn, folded, clearable).write(config.target(), spark.sparkContext().hadoopConfiguration());
    }
    // A parity run reads the log at a version it pinned, whose removed files a VACUUM would delete under it.
    if (roundsSinceHousekeeping >= HOUSEKEEPING_EVERY && holds.isEmpty()) {
      housekeeping();
      roundsSinceHousekeeping = 0;
    }
    // The batches' tables checkpoint here, off the batches' path: a round is at most a minute's commits.
    OffPathCheckpoints.writeIfBehind(spark, logPath, CHECKPOINT_AFTER_COMMITS);
    OffPathCheckpoints.writeIfBehind(spark, config.target().seamPath(StreamPosition.PROGRESS), CHECKPOINT_AFTER_COMMITS);
    Optional<Long> through = chosen.stream().map(FoldPlanner.Pending::lastBatch).max(Long::compare);
    Round r = new Round(changed, chosen.size(), through, deletedNow, Duration.between(start, Instant.now()));
    if (!chosen.isEmpty() || deletedNow.isPresent()) {
      LOG.info("compaction: {} row(s) of {} table(s) changed in the base tables{}{} in {} s [{}]",
          r.changedRows(), r.tables(), through.map(b -> " through batch " + b).orElse(""),
          deletedNow.map(d -> "; folded rows deleted from the log").orElse(""),
          String.format("%.1f", r.took().toMillis() / 1000.0), String.join(", ", timings));
    }
    return r;
  }

  /**
   * Deletes from the log what a round that has ended folded (nothing twice); returns the last batch deleted, if
   * it deleted anything.
   */
  private Optional<Long> deleteFolded() {
    List<String> deletions = FoldPlanner.deletePredicates(deletable, deleted, clearable, cleared);
    if (deletions.isEmpty()) {
      return Optional.empty();
    }
    for (String predicate : deletions) {
      spark.sql("DELETE FROM " + ChangeLog.relation(logPath, Optional.empty()) + " WHERE " + predicate);
    }
    deleted.putAll(deletable);
    cleared = Math.max(cleared, clearable.orElse(-1L));
    roundsSinceHousekeeping++;
    return java.util.stream.Stream.concat(deletable.values().stream(), clearable.stream()).max(Long::compare);
  }

  /**
   * Before the first batch of a streaming process: deletes from the log what the previous process folded. The
   * first Delta operations of a fresh JVM compile their code (a minute of one core on a 2-core machine, measured
   * in BENCHMARKS.md); done here, that happens once before the batches start instead of beside the first
   * minute of them, whose lag it tripled. Returns whether there was anything to delete.
   */
  public synchronized boolean deleteLeftovers() {
    Instant start = Instant.now();
    Optional<Long> through = deleteFolded();
    through.ifPresent(b -> LOG.info("compaction: the rows the previous run folded (through batch {}) deleted from the"
        + " log in {} s, before the first batch", b,
        String.format("%.1f", Duration.between(start, Instant.now()).toMillis() / 1000.0)));
    return through.isPresent();
  }

  /** The parity holds the compactor honours now; each hold and each expired one is said once. */
  private List<FreezeHold> liveHolds(Instant now) {
    List<FreezeHold> live = new ArrayList<>();
    for (FreezeHold h : FreezeHold.read(config.target(), spark.sparkContext().hadoopConfiguration())) {
      String seen = h.runId() + h.freeze().map(f -> "@" + f).orElse("") + (h.liveAt(now) ? "" : " expired");
      boolean first = saidHolds.add(seen);
      if (h.liveAt(now)) {
        live.add(h);
        if (first) {
          LOG.info("compaction: parity run {} holds the base tables {} (its hold {})", h.runId(),
              h.freeze().map(f -> "at its freeze " + f + ": later changes stay in the change log")
                  .orElse("while it freezes the source: no change is folded"),
              FreezeHold.DIR + "/" + h.runId() + ".json");
        }
      } else if (first) {
        LOG.warn("compaction: ignoring parity run {}'s hold, not renewed since {} (more than {} min ago: the run"
            + " died); delete {} under the lake's _seam directory", h.runId(), h.renewedAt(),
            FreezeHold.EXPIRY.toMinutes(), FreezeHold.DIR + "/" + h.runId() + ".json");
      }
    }
    return live;
  }

  /**
   * The log's removed files are deleted from storage after its one-hour retention, and the progress table
   * (a file per batch) is rewritten into few files: both otherwise grow without bound at a batch a second.
   */
  private void housekeeping() {
    spark.sql("VACUUM " + ChangeLog.relation(logPath, Optional.empty()));
    String progress = config.target().seamPath(StreamPosition.PROGRESS);
    long files = io.seam.core.spark.DeltaSnapshots.latest(spark, progress).numOfFiles();
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
