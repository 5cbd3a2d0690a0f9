package io.seam.core.spark;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;

/** A Delta table's latest snapshot, read fresh from storage (a table not created yet has version -1). */
public final class DeltaSnapshots {
  private DeltaSnapshots() {}

  public static Snapshot latest(SparkSession spark, String path) {
    return DeltaLog.forTable(spark, path).update(false, scala.Option.empty(), scala.Option.empty());
  }

  /**
   * Whether the table has its first commit, asked of storage each time (DeltaTable.isDeltaTable answers from a
   * cached log, so a long-lived session would not see a table created after its first look).
   */
  public static boolean exists(SparkSession spark, String path) {
    return latest(spark, path).version() >= 0;
  }
}
