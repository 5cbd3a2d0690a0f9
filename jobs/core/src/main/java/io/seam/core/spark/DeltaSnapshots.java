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
}
