package io.seam.cdc.batch;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The dead-letter Delta table: every record that could not be applied, as it came (raw key and
 * value, topic, partition, offset) with the reason, the batch and the time. Nothing is dropped.
 */
public final class DeadLetters {
  private DeadLetters() {}

  /** Appends {@code rows} (table_name, topic, partition, offset, raw_key, raw_value, error); idempotent per batch. */
  static long write(Dataset<Row> rows, String path, String appId, long batchId) {
    Dataset<Row> out = rows.selectExpr("table_name", "topic", "partition", "offset", "raw_key", "raw_value", "error",
        batchId + "L AS batch_id", "current_timestamp() AS failed_at").persist();
    try {
      long n = out.count();
      if (n > 0) {
        out.write().format("delta").mode("append").option("txnAppId", appId).option("txnVersion", batchId)
            .option("mergeSchema", "true").save(path);
      }
      return n;
    } finally {
      out.unpersist();
    }
  }
}
