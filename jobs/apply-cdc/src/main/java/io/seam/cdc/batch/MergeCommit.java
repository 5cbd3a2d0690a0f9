package io.seam.cdc.batch;

import io.seam.core.Lsn;
import org.apache.spark.sql.SparkSession;

/**
 * What every MERGE commit of a batch carries: Delta's idempotent-write marker (so a batch re-run after
 * a crash skips what already committed) and Seam's commit metadata. A table's batch commits in up to
 * two steps (updates, then inserts), each with its own marker so each is skipped or run on its own; a
 * small table's single MERGE carries the updates' marker, so a replay that splits skips its updates and
 * its inserts find every key present.
 *
 * @param appId the apply job's id for this seam
 * @param table the table's display name
 * @param batchId the micro-batch
 * @param applied the applied position this batch brings the stream to, or null (no commit in the batch)
 */
record MergeCommit(String appId, String table, long batchId, Long applied) {

  enum Step {
    UPDATES(""), INSERTS(":inserts"), UPSERTS("");

    private final String suffix;

    Step(String suffix) {
      this.suffix = suffix;
    }
  }

  /** Sets the session's write markers for the next Delta commit, which is {@code step} of this batch. */
  void stamp(SparkSession spark, Step step) {
    spark.conf().set("spark.databricks.delta.write.txnAppId", appId + ":" + table + step.suffix);
    spark.conf().set("spark.databricks.delta.write.txnVersion", Long.toString(batchId));
    spark.conf().set("spark.databricks.delta.commitInfo.userMetadata",
        "{\"seam\":{\"operation\":\"apply-cdc\",\"batch\":" + batchId + ",\"step\":\"" + step.name().toLowerCase()
            + "\",\"appliedLsn\":" + (applied == null ? "null" : "\"" + new Lsn(applied) + "\"") + "}}");
  }

  static void clear(SparkSession spark) {
    spark.conf().unset("spark.databricks.delta.write.txnAppId");
    spark.conf().unset("spark.databricks.delta.write.txnVersion");
    spark.conf().unset("spark.databricks.delta.commitInfo.userMetadata");
  }
}
