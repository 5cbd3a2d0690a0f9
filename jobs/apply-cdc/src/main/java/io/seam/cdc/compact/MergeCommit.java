package io.seam.cdc.compact;

import org.apache.spark.sql.SparkSession;

/**
 * What every compaction MERGE commit carries: Delta's idempotent-write marker (so a round redone after a
 * crash skips what already committed) and Seam's commit metadata. A table is folded in up to two steps
 * (updates, then inserts), each with its own marker so each is skipped or run on its own; a small table's
 * single MERGE carries the updates' marker, so a redo that splits skips its updates and its inserts find
 * every key present.
 *
 * @param appId the compactor's id for this seam
 * @param table the table's display name
 * @param batchId the last micro-batch the round folds (the markers' version: it only grows)
 */
record MergeCommit(String appId, String table, long batchId) {

  enum Step {
    UPDATES(""), INSERTS(":inserts"), UPSERTS("");

    private final String suffix;

    Step(String suffix) {
      this.suffix = suffix;
    }
  }

  /** Sets the session's write markers for the next Delta commit, which is {@code step} of this round. */
  void stamp(SparkSession spark, Step step) {
    spark.conf().set("spark.databricks.delta.write.txnAppId", appId + ":" + table + step.suffix);
    spark.conf().set("spark.databricks.delta.write.txnVersion", Long.toString(batchId));
    spark.conf().set("spark.databricks.delta.commitInfo.userMetadata",
        "{\"seam\":{\"operation\":\"compaction\",\"throughBatch\":" + batchId + ",\"step\":\""
            + step.name().toLowerCase() + "\"}}");
  }

  static void clear(SparkSession spark) {
    spark.conf().unset("spark.databricks.delta.write.txnAppId");
    spark.conf().unset("spark.databricks.delta.write.txnVersion");
    spark.conf().unset("spark.databricks.delta.commitInfo.userMetadata");
  }
}
