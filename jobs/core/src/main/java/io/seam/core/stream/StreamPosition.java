package io.seam.core.stream;

import io.seam.core.Lsn;
import io.seam.core.config.TargetConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  public StreamPosition(SparkSession spark, TargetConfig target) {
    this.spark = spark;
    this.progress = target.seamPath(PROGRESS);
    this.transactions = target.seamPath(TRANSACTIONS);
  }

  public Optional<Lsn> applied() {
    if (!committed(progress)) {
      return Optional.empty();
    }
    return max(spark.read().format("delta").load(progress).select("applied_lsn"));
  }

  /** C_j of {@link io.seam.core.ParityCut}: the greatest applied commit LSN at or before the freeze. */
  public Optional<Lsn> lastCommitAtOrBefore(Lsn freeze) {
    String atOrBefore = "commit_lsn <= " + freeze.value();
    Optional<Lsn> recorded = Optional.empty();
    if (committed(progress)) {
      Dataset<Row> rows = spark.read().format("delta").load(progress);
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
