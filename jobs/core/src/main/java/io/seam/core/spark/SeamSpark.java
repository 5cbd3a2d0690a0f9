package io.seam.core.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession of a job. The master is never set here: spark-submit, or bin/seam's
 * {@code -Dspark.master=local[*]} for local runs, decides. Delta is enabled unless already configured.
 */
public final class SeamSpark {
  private SeamSpark() {}

  public static SparkSession session(String appName) {
    SparkConf given = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    setDefault(b, given, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    setDefault(b, given, "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    setDefault(b, given, "spark.sql.session.timeZone", "UTC");
    // 50 snapshot partitions cost seconds per Delta operation on small clusters (DESIGN-NOTES measurements).
    setDefault(b, given, "spark.databricks.delta.snapshotPartitions", "4");
    setDefault(b, given, "spark.sql.shuffle.partitions", "8");
    setDefault(b, given, "spark.ui.showConsoleProgress", "false");
    return b.getOrCreate();
  }

  private static void setDefault(SparkSession.Builder b, SparkConf given, String key, String value) {
    if (!given.contains(key)) {
      b.config(key, value);
    }
  }
}
