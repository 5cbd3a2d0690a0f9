package io.seam.core.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession of a job. The master is never set here: spark-submit, or bin/seam's
 * {@code -Dspark.master=local[*]} for local runs, decides. Seam's defaults apply unless already configured.
 */
public final class SeamSpark {
  private SeamSpark() {}

  /**
   * Seam's settings for a session on {@code master}, each applied only when the user did not set it (the test
   * session uses them too).
   */
  public static Map<String, String> defaults(String master) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    d.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    d.put("spark.sql.session.timeZone", "UTC");
    // 50 snapshot partitions cost seconds per Delta operation on a 2-core machine (measured: 4-6 s per MERGE).
    d.put("spark.databricks.delta.snapshotPartitions", "4");
    d.put("spark.sql.shuffle.partitions", "8");
    // Timestamps as Parquet INT64 microseconds, not Spark's legacy INT96 default: INT96 has no page index
    // and no filter pushdown, so a read of a few days' rows (parity's row diff, an analyst's date filter)
    // decoded whole files; with INT64 it reads the matching pages (3x faster on the 10 M-row bench table).
    d.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    d.put("spark.ui.showConsoleProgress", "false");
    // The apply job's batches and its compactor run jobs side by side from two threads: FAIR shares the
    // cores between their pools instead of queueing a batch behind a fold's whole stage (FIFO).
    d.put("spark.scheduler.mode", "FAIR");
    // Spark keeps 100 compiled classes; the streaming job's batches and its compactor's Delta operations (state
    // reconstruction, checkpoints, DELETE, MERGE) need more, so each compaction round compiled most of its
    // classes again, whole seconds of CPU the batches shared (measured: 40-odd Janino compiles a round, the
    // same source as the round before). A thousand hold all of them (a benchmark run of the apply job compiled about 115).
    d.put("spark.sql.codegen.cache.maxEntries", "1000");
    if (master.startsWith("local")) {
      // A local run's lake is on the local disk, where Hadoop started a chmod or readlink process for every file
      // the batches create or rename (ForklessLocalFileSystem).
      d.put("spark.hadoop.fs.file.impl", io.seam.core.fs.ForklessLocalFileSystem.class.getName());
      d.put("spark.hadoop.fs.AbstractFileSystem.file.impl", io.seam.core.fs.ForklessLocalFs.class.getName());
    }
    return d;
  }

  public static SparkSession session(String appName) {
    SparkConf given = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    defaults(given.get("spark.master", "")).forEach((key, value) -> {
      if (!given.contains(key)) {
        b.config(key, value);
      }
    });
    return b.getOrCreate();
  }
}
