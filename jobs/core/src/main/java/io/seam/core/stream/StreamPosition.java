package io.seam.core.stream;

import io.seam.core.Lsn;
import io.seam.core.config.TargetConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the apply job has recorded under {@code _seam/}: the applied position (the commit LSN of the
 * last transaction wholly applied, per micro-batch in {@link #PROGRESS}) and every applied
 * transaction's commit LSN ({@link #TRANSACTIONS}). The apply job writes these tables; parity and the
 * tests read them here.
 */
public final class StreamPosition {
  public static final String PROGRESS = "progress";
  public static final String TRANSACTIONS = "transactions";
  /** The apply job's streaming checkpoint (Kafka offsets and committed batches). */
  public static final String CHECKPOINT = "checkpoints/apply-cdc";

  private final SparkSession spark;
  private final String progress;
  private final String transactions;

  public StreamPosition(SparkSession spark, TargetConfig target) {
    this.spark = spark;
    this.progress = target.seamPath(PROGRESS);
    this.transactions = target.seamPath(TRANSACTIONS);
  }

  public Optional<Lsn> applied() {
    return max(progress, "applied_lsn", null);
  }

  /** C_j of {@link io.seam.core.ParityCut}: the greatest applied commit LSN at or before the freeze. */
  public Optional<Lsn> lastCommitAtOrBefore(Lsn freeze) {
    return max(transactions, "commit_lsn", "commit_lsn <= " + freeze.value());
  }

  private Optional<Lsn> max(String path, String column, String where) {
    if (!committed(path)) {
      return Optional.empty();
    }
    var rows = spark.read().format("delta").load(path);
    if (where != null) {
      rows = rows.where(where);
    }
    Row r = rows.selectExpr("max(" + column + ")").first();
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
