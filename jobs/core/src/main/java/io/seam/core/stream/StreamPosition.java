package io.seam.core.stream;

import io.seam.core.Lsn;
import io.seam.core.config.TargetConfig;
import io.seam.core.live.ChangeLog;
import io.seam.core.spark.DeltaSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the apply job has recorded under {@code _seam/}: per micro-batch in {@link #PROGRESS}, the
 * applied position (the commit LSN of the last transaction wholly applied) and the batch's
 * transactions' commit LSNs ({@code commits}). The apply job writes the table; parity and the tests
 * read it here.
 *
 * <p>A batch writes its progress row and its change-log append side by side (two tables, two commits that do
 * not wait for each other; docs/stream.md), so the newest progress row may be committed while its changes are
 * not visible yet, or never will be if the job died between the two (the batch then runs again). A row counts
 * here once its batch is in the change log: the newest one is checked against the log's batch marks, every
 * earlier one is, because a batch starts only when the one before it has finished both writes.
 */
public final class StreamPosition {
  public static final String PROGRESS = "progress";
  /** Where lakes written before the progress table held the commits kept every transaction's commit LSN. */
  public static final String TRANSACTIONS = "transactions";
  /** The apply job's streaming checkpoint (Kafka offsets and committed batches). */
  public static final String CHECKPOINT = "checkpoints/apply-cdc";

  private final SparkSession spark;
  private final String progress;
  private final String transactions;
  private final String changeLog;

  public StreamPosition(SparkSession spark, TargetConfig target) {
    this.spark = spark;
    this.progress = target.seamPath(PROGRESS);
    this.transactions = target.seamPath(TRANSACTIONS);
    this.changeLog = ChangeLog.path(target);
  }

  public Optional<Lsn> applied() {
    if (!committed(progress)) {
      return Optional.empty();
    }
    return max(appliedBatches().select("applied_lsn"));
  }

  /** The counts over the batches that are wholly visible, and the newest one's lag; none before the first. */
  public AppliedTotals totals() {
    if (!committed(progress)) {
      return AppliedTotals.NONE;
    }
    Dataset<Row> rows = appliedBatches();
    if (!Arrays.asList(rows.columns()).containsAll(java.util.List.of("events", "dead_letters", "max_source_ts"))) {
      return AppliedTotals.NONE;  // a table that only carries positions
    }
    Row r = rows.selectExpr("count(*)", "coalesce(sum(events), 0)", "coalesce(sum(changes), 0)",
        "coalesce(sum(dead_letters), 0)", "max(applied_lsn)",
        // The newest batch that carried a source commit: one of heartbeats alone has no lag to tell.
        "max_by(unix_micros(finished_at) - unix_micros(max_source_ts), if(max_source_ts IS NULL, NULL, batch_id))",
        "max_by(finished_at, if(max_source_ts IS NULL, NULL, batch_id))").first();
    if (r.getLong(0) == 0) {
      return AppliedTotals.NONE;
    }
    return new AppliedTotals(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3),
        r.isNullAt(4) ? null : new Lsn(r.getLong(4)).toString(), r.isNullAt(5) ? null : r.getLong(5) / 1e6,
        r.isNullAt(6) ? null : r.getTimestamp(6).toInstant().toString());
  }

  /** The progress rows whose batches are wholly visible (see the class comment). */
  private Dataset<Row> appliedBatches() {
    Dataset<Row> rows = spark.read().format("delta").load(progress);
    if (!Arrays.asList(rows.columns()).containsAll(java.util.List.of("batch_id", "changes", "finished_at"))) {
      return rows;  // a table that only carries positions (tests; another tool's writer)
    }
    Row newest = rows.selectExpr("max(batch_id)", "max_by(changes, batch_id)", "max_by(finished_at, batch_id)")
        .first();
    if (newest.isNullAt(0) || newest.isNullAt(1) || newest.getLong(1) == 0) {
      return rows;  // no batch yet, or the newest logged nothing: nothing to wait for
    }
    long batch = newest.getLong(0);
    Instant finished = newest.isNullAt(2) ? Instant.EPOCH : newest.getTimestamp(2).toInstant();
    return inChangeLog(batch, finished) ? rows : rows.where("batch_id < " + batch);
  }

  /**
   * Whether the batch's append is in the change log. A lake from before the log had its tables merged before
   * the progress row; a log whose retained commits hold no batch mark at all has had no append for longer than
   * its retention, so a batch that finished before that is in it.
   */
  private boolean inChangeLog(long batch, Instant finished) {
    if (DeltaSnapshots.latest(spark, changeLog).version() < 0) {
      return true;
    }
    Optional<Long> logged = BatchAppend.lastBatch(spark, changeLog, new BatchAppend.Mark(ChangeLog.WRITER, null, -1,
        java.util.Map.of()));
    return logged.map(b -> b >= batch)
        .orElseGet(() -> finished.isBefore(Instant.now().minus(ChangeLog.LOG_RETENTION)));
  }

  /** C_j of {@link io.seam.core.ParityCut}: the greatest applied commit LSN at or before the freeze. */
  public Optional<Lsn> lastCommitAtOrBefore(Lsn freeze) {
    String atOrBefore = "commit_lsn <= " + freeze.value();
    Optional<Lsn> recorded = Optional.empty();
    if (committed(progress)) {
      Dataset<Row> rows = appliedBatches();
      if (Arrays.asList(rows.columns()).contains("commits")) {
        recorded = max(rows.selectExpr("explode(commits.commit_lsn) AS commit_lsn").where(atOrBefore));
      }
    }
    Optional<Lsn> legacy = committed(transactions)
        ? max(spark.read().format("delta").load(transactions).select("commit_lsn").where(atOrBefore))
        : Optional.empty();
    return Stream.of(recorded, legacy).flatMap(Optional::stream).max(Comparator.naturalOrder());
  }

  /** The greatest LSN of a one-column Dataset. */
  private static Optional<Lsn> max(Dataset<Row> lsns) {
    Row r = lsns.selectExpr("max(" + lsns.columns()[0] + ")").first();
    return r.isNullAt(0) ? Optional.empty() : Optional.of(new Lsn(r.getLong(0)));
  }

  /**
   * Whether the table has its first commit, asked of the file system each time: DeltaTable.isDeltaTable
   * caches a log that is not refreshed, so a wait that starts before the apply job's first batch would
   * never see the table appear.
   */
  private boolean committed(String path) {
    Path log = new Path(path, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(log) && fs.listStatus(log, p -> p.getName().endsWith(".json")).length > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
    }
  }
}
