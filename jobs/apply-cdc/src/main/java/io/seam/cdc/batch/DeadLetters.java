package io.seam.cdc.batch;

import io.seam.core.stream.BatchAppend;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The dead-letter Delta table: every record that could not be applied, as it came (raw key and
 * value, topic, partition, offset) with the reason, the batch and the time. Nothing is dropped.
 */
public final class DeadLetters {
  /** The writer name in the userMetadata of the dead-letter table's commits. */
  static final String WRITER = "dead-letters";

  private DeadLetters() {}

  /** Appends {@code rows} (table_name, topic, partition, offset, raw_key, raw_value, error); idempotent per batch. */
  static long write(Dataset<Row> rows, String path, String appId, long batchId) {
    Dataset<Row> out = rows.select(functions.col("table_name"), functions.col("topic"), functions.col("partition"),
        functions.col("offset"), functions.col("raw_key"), functions.col("raw_value"), functions.col("error"),
        BatchConstant.of(batchId, DataTypes.LongType).as("batch_id"),
        BatchConstant.of(Timestamp.from(Instant.now()), DataTypes.TimestampType).as("failed_at")).persist();
    try {
      long n = out.count();
      if (n > 0) {
        BatchAppend.append(out, path, new BatchAppend.Mark(WRITER, appId, batchId, Map.of()),
            Map.of("mergeSchema", "true"));
      }
      return n;
    } finally {
      out.unpersist();
    }
  }
}
