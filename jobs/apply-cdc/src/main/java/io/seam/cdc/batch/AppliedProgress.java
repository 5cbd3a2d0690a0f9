package io.seam.cdc.batch;

import io.seam.core.Lsn;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The stream's progress, one row per micro-batch that applied something (batches of heartbeats only
 * write none) in a Delta table: the applied position (the commit
 * LSN of the last transaction whose every change is applied; exact because the change topic has one
 * partition in commit order), counts, lag, and the batch's transactions ({@code commits}: id, commit
 * LSN, commit time), which parity needs to place its cut. One commit for both: a separate transactions
 * table cost every batch a second Delta commit, and had to land before the progress row. Parity and
 * {@code bin/seam stream status} read it ({@link io.seam.core.stream.StreamPosition}).
 */
public final class AppliedProgress {
  public static final StructType SCHEMA = new StructType()
      .add("batch_id", DataTypes.LongType)
      .add("applied_lsn", DataTypes.LongType)
      .add("applied_lsn_text", DataTypes.StringType)
      .add("events", DataTypes.LongType)
      .add("changes", DataTypes.LongType)
      .add("dead_letters", DataTypes.LongType)
      .add("transactions", DataTypes.LongType)
      .add("max_source_ts", DataTypes.TimestampType)
      .add("finished_at", DataTypes.TimestampType)
      .add("duration_ms", DataTypes.LongType);
  private static final String COMMITS = "commits";

  private AppliedProgress() {}

  /** One batch's figures. */
  public record Batch(long batchId, Long appliedLsn, long events, long changes, long deadLetters, long transactions,
      Timestamp maxSourceTs, Timestamp finishedAt, long durationMs) {

    Row toRow() {
      return RowFactory.create(batchId, appliedLsn, appliedLsn == null ? null : new Lsn(appliedLsn).toString(),
          events, changes, deadLetters, transactions, maxSourceTs, finishedAt, durationMs);
    }
  }

  /**
   * @param ends the batch's transaction ends: tx_id, commit_lsn, committed_at
   */
  static void append(SparkSession spark, String path, String appId, Batch batch, Dataset<Row> ends) {
    Dataset<Row> commits = ends.agg(functions.array_sort(functions.collect_list(
        functions.struct(functions.col("commit_lsn"), functions.col("tx_id"), functions.col("committed_at"))))
        .as(COMMITS));
    // mergeSchema: a progress table written before the commits column gains it.
    spark.createDataFrame(List.of(batch.toRow()), SCHEMA).crossJoin(commits).write().format("delta").mode("append")
        .option("mergeSchema", "true").option("txnAppId", appId).option("txnVersion", batch.batchId()).save(path);
  }
}
