package io.seam.cdc.batch;

import io.seam.core.Lsn;
import java.sql.Timestamp;
import io.seam.core.stream.BatchAppend;
import io.seam.core.stream.OffPathCheckpoints;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The stream's progress, one row per micro-batch that applied something (batches of heartbeats only
 * write none) in a Delta table: the applied position (the commit
 * LSN of the last transaction whose every change is applied; exact because the change topic has one
 * partition in commit order), counts, lag, and the batch's transactions ({@code commits}: id, commit
 * LSN, commit time), which parity needs to place its cut. One commit for both: a separate transactions
 * table cost every batch a second Delta commit, and had to land before the progress row. The row commits
 * beside the batch's change-log append, so it counts once that append is there; parity and the catch-up
 * wait read it through {@link io.seam.core.stream.StreamPosition}, which checks.
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
      .add("duration_ms", DataTypes.LongType)
      .add("commits", DataTypes.createArrayType(new StructType().add("commit_lsn", DataTypes.LongType)
          .add("tx_id", DataTypes.LongType).add("committed_at", DataTypes.TimestampType)));

  /**
   * The batch's transactions for the {@code commits} column, as a SQL aggregate over the parsed batch: so the
   * batch's one figures pass gathers them, and the progress row is written from the driver without a job.
   */
  static final String COMMITS_SQL = "array_sort(collect_list(struct(commit_lsn, tx_id, timestamp_micros(source_ts_us)"
      + " AS committed_at)) FILTER (WHERE kind = 'TX_END'))";

  /** The writer name in the userMetadata of the progress table's commits. */
  static final String WRITER = "apply-progress";

  private AppliedProgress() {}

  /** One batch's figures. */
  public record Batch(long batchId, Long appliedLsn, long events, long changes, long deadLetters, long transactions,
      Timestamp maxSourceTs, Timestamp finishedAt, long durationMs) {

    Row toRow(List<Row> commits) {
      return RowFactory.create(batchId, appliedLsn, appliedLsn == null ? null : new Lsn(appliedLsn).toString(),
          events, changes, deadLetters, transactions, maxSourceTs, finishedAt, durationMs, commits.toArray());
    }
  }

  /**
   * Creates the table when missing, and sets its checkpoints off the batches' path ({@link OffPathCheckpoints});
   * a table from before the {@code commits} column keeps its schema (the first append adds the column).
   */
  static void ensure(SparkSession spark, String path) {
    if (io.seam.core.spark.DeltaSnapshots.latest(spark, path).version() < 0) {
      io.delta.tables.DeltaTable.createIfNotExists(spark).location(path).addColumns(SCHEMA)
          .property(OffPathCheckpoints.PROPERTY, Integer.toString(OffPathCheckpoints.INTERVAL)).execute();
    }
    OffPathCheckpoints.ensure(spark, path);
  }

  /**
   * @param commits the batch's transactions as {@link #COMMITS_SQL} gathered them
   */
  static void append(SparkSession spark, String path, String appId, Batch batch, List<Row> commits) {
    // mergeSchema: a progress table written before the commits column gains it.
    BatchAppend.append(spark.createDataFrame(List.of(batch.toRow(commits)), SCHEMA), path,
        new BatchAppend.Mark(WRITER, appId, batch.batchId(), Map.of()), Map.of("mergeSchema", "true"));
  }
}
