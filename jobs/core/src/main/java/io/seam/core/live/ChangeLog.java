package io.seam.core.live;

import io.seam.core.Lsn;
import io.seam.core.ChangeVersion;
import io.seam.core.config.TargetConfig;
import io.seam.core.spark.DeltaSnapshots;
import io.seam.core.stream.BatchAppend;
import io.seam.core.stream.OffPathCheckpoints;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The migration's change log, {@code <target>/_seam/changes}: one Delta table for every table of the
 * migration, into which each micro-batch appends all of its applicable changes in one commit (the row
 * image as the text of each column, in target column order, decoded when read). That one append is what
 * makes a change visible, whatever the number of tables; the compactor folds the log into the base tables
 * on its own cadence and then deletes what it folded (docs/stream.md).
 */
public final class ChangeLog {
  public static final String NAME = "changes";

  public static final StructType SCHEMA = new StructType()
      .add("table_name", DataTypes.StringType, false)
      .add("batch_id", DataTypes.LongType, false)
      .add("version", DataTypes.createDecimalType(ChangeVersion.PRECISION, 0), false)
      .add("op", DataTypes.StringType, false)
      .add("source_ts_us", DataTypes.LongType, true)
      .add("applied_at", DataTypes.TimestampType, false)
      .add("offset", DataTypes.LongType, false)
      .add("image", DataTypes.createArrayType(DataTypes.StringType, true), true);

  /**
   * How long the log's commit files (and with them the batches' marks, {@link BatchAppend}) are kept: a day,
   * where a batch's mark is needed for minutes (a replay after a crash, a reader confirming the newest batch).
   */
  public static final java.time.Duration LOG_RETENTION = java.time.Duration.ofDays(1);

  private ChangeLog() {}

  public static String path(TargetConfig target) {
    return target.seamPath(NAME);
  }

  /**
   * Creates the log when missing. Partitioned by batch: the compactor's DELETE of folded batches then names
   * a partition range that no batch appended meanwhile can fall in, so the two never conflict (open-source
   * Delta commits every table at Serializable isolation, where a non-partitioned table's DELETE conflicts with
   * any concurrent append), and a batch's rows go as whole files. Statistics on the table and version only
   * (what reads filter on). Removed files are kept one hour, not a week: the log turns over every few minutes,
   * and a week of removed files would make every checkpoint carry millions of tombstones. Checkpoints come from
   * the compactor, not from every tenth batch ({@link OffPathCheckpoints}).
   */
  public static void ensure(SparkSession spark, String path) {
    io.delta.tables.DeltaTable.createIfNotExists(spark).location(path).addColumns(SCHEMA).partitionedBy("batch_id")
        .property("delta.enableDeletionVectors", "true")
        .property("delta.dataSkippingStatsColumns", "table_name,version")
        .property("delta.deletedFileRetentionDuration", "interval 1 hours")
        .property("delta.logRetentionDuration", "interval " + LOG_RETENTION.toDays() + " days")
        .property(OffPathCheckpoints.PROPERTY, Integer.toString(OffPathCheckpoints.INTERVAL))
        .execute();
    OffPathCheckpoints.ensure(spark, path);  // a log created before the property
  }

  /** The writer name in the userMetadata of the batches' commits to the log. */
  public static final String WRITER = "apply-cdc";

  /**
   * Appends a batch's changes (columns of {@link #SCHEMA}) in one commit, once: the commit's userMetadata
   * names the batch (a batch replayed after a crash writes nothing twice, {@link BatchAppend}) and the applied
   * position it brings the stream to.
   */
  public static void append(Dataset<Row> changes, String path, String appId, long batchId, Long applied) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("appliedLsn", applied == null ? null : new Lsn(applied).toString());
    BatchAppend.append(changes, path, new BatchAppend.Mark(WRITER, appId, batchId, figures), Map.of());
  }

  /** The log's latest version, read fresh from storage; empty when the log does not exist. */
  public static Optional<Long> latestVersion(SparkSession spark, String path) {
    long v = DeltaSnapshots.latest(spark, path).version();
    return v < 0 ? Optional.empty() : Optional.of(v);
  }

  /** A relation with the log's columns and no rows: what a table reads as its log before the log exists. */
  public static String emptyRelation() {
    StringBuilder s = new StringBuilder("(SELECT ");
    for (int i = 0; i < SCHEMA.fields().length; i++) {
      s.append(i == 0 ? "" : ", ").append("CAST(NULL AS ").append(SCHEMA.fields()[i].dataType().sql()).append(") AS `")
          .append(SCHEMA.fields()[i].name()).append('`');
    }
    return s.append(" WHERE false)").toString();
  }

  /** {@code delta.`path`}, optionally at a version, as a relation in Spark SQL. */
  public static String relation(String path, Optional<Long> version) {
    return "delta.`" + path.replace("`", "``") + "`" + version.map(v -> " VERSION AS OF " + v).orElse("");
  }
}
