package io.seam.cdc.batch;

import io.seam.core.stream.BatchAppend;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
    Dataset<Row> out = rows.selectExpr("table_name", "topic", "partition", "offset", "raw_key", "raw_value", "error",
        batchId + "L AS batch_id", "current_timestamp() AS failed_at").persist();
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
