package io.seam.parity.report;

import io.seam.parity.compare.BucketComparison;
import io.seam.parity.compare.ColumnDifference;
import io.seam.parity.compare.RowDifference;
import io.seam.parity.compare.TableParity;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Parity's Delta tables under {@code <target>/_seam/parity/}: {@code history} (one row per run: the
 * cutover check reads it), {@code summary} (per table), {@code days} (per bucket and measure, long
 * format for charts) and {@code row_diffs} (per differing column). Every row carries the run id.
 */
public final class ReportTables {
  /** Parity's directory under the lake's {@code _seam}. */
  public static final String DIR = "parity";
  private static final String HISTORY_TABLE = "history";
  private static final String SUMMARY_TABLE = "summary";

  /** The history table: one row per run, what cutover-check and finish read. */
  public static String historyPath(io.seam.core.config.TargetConfig target) {
    return target.seamPath(DIR + "/" + HISTORY_TABLE);
  }

  /** The summary table: one row per table and run (rows compared, differences). */
  public static String summaryPath(io.seam.core.config.TargetConfig target) {
    return target.seamPath(DIR + "/" + SUMMARY_TABLE);
  }

  static final StructType HISTORY = new StructType()
      .add("run_id", DataTypes.StringType).add("started_at", DataTypes.TimestampType)
      .add("finished_at", DataTypes.TimestampType).add("freeze_lsn", DataTypes.StringType)
      .add("applied_lsn", DataTypes.StringType).add("verdict", DataTypes.StringType)
      .add("exit_code", DataTypes.IntegerType).add("tables", DataTypes.IntegerType)
      .add("differing_rows", DataTypes.LongType).add("changed_after_freeze", DataTypes.LongType)
      .add("message", DataTypes.StringType).add("report_html", DataTypes.StringType);
  static final StructType SUMMARY = new StructType()
      .add("run_id", DataTypes.StringType).add("table", DataTypes.StringType)
      .add("source_rows", DataTypes.LongType).add("target_rows", DataTypes.LongType)
      .add("changed_after_freeze", DataTypes.LongType).add("buckets", DataTypes.IntegerType)
      .add("disagreeing_buckets", DataTypes.LongType).add("missing_in_target", DataTypes.LongType)
      .add("extra_in_target", DataTypes.LongType).add("value_mismatch", DataTypes.LongType)
      .add("clean", DataTypes.BooleanType).add("delta_version", DataTypes.LongType)
      .add("log_version", DataTypes.LongType);
  static final StructType DAYS = new StructType()
      .add("run_id", DataTypes.StringType).add("table", DataTypes.StringType)
      .add("day", DataTypes.StringType).add("key_bucket", DataTypes.IntegerType)
      .add("measure", DataTypes.StringType).add("source", DataTypes.DoubleType)
      .add("target", DataTypes.DoubleType).add("source_exact", DataTypes.StringType)
      .add("target_exact", DataTypes.StringType).add("measure_matches", DataTypes.BooleanType)
      .add("bucket_matches", DataTypes.BooleanType);
  static final StructType ROW_DIFFS = new StructType()
      .add("run_id", DataTypes.StringType).add("table", DataTypes.StringType)
      .add("key", DataTypes.StringType).add("day", DataTypes.StringType)
      .add("class", DataTypes.StringType).add("column", DataTypes.StringType)
      .add("source_value", DataTypes.StringType).add("target_value", DataTypes.StringType)
      .add("column_class", DataTypes.StringType);

  private final SparkSession spark;
  private final String dir;

  public ReportTables(SparkSession spark, String parityDir) {
    this.spark = spark;
    this.dir = parityDir;
  }

  public void write(ParityReport r, String htmlPath) {
    List<Row> summary = new ArrayList<>();
    List<Row> days = new ArrayList<>();
    List<Row> diffs = new ArrayList<>();
    for (TableParity t : r.tables()) {
      summary.add(RowFactory.create(r.runId(), t.table(), t.sourceRows(), t.targetRows(), t.changedAfterFreeze(),
          t.days().size(), t.mismatchedDays(), t.missing(), t.extra(), t.mismatched(), t.clean(), t.deltaVersion(),
          t.logVersion()));
      for (BucketComparison d : t.days()) {
        days.add(RowFactory.create(r.runId(), t.table(), d.bucket().day(), d.bucket().keyBucket(), "rows",
            (double) d.source().rows(), (double) d.target().rows(), Long.toString(d.source().rows()),
            Long.toString(d.target().rows()), d.rowsMatch(), d.matches()));
        for (int i = 0; i < t.sumColumns().size(); i++) {
          days.add(RowFactory.create(r.runId(), t.table(), d.bucket().day(), d.bucket().keyBucket(),
              "sum(" + t.sumColumns().get(i) + ")", d.source().sums().get(i).doubleValue(),
              d.target().sums().get(i).doubleValue(), d.source().sums().get(i).toPlainString(),
              d.target().sums().get(i).toPlainString(), d.sumsMatch().get(i), d.matches()));
        }
      }
      for (RowDifference d : t.differences()) {
        for (ColumnDifference c : d.columns()) {
          diffs.add(RowFactory.create(r.runId(), t.table(), d.key(), d.day(), d.kind().name(), c.column(),
              c.source(), c.target(), c.kind().name()));
        }
      }
    }
    append(SUMMARY_TABLE, summary, SUMMARY);
    append("days", days, DAYS);
    append("row_diffs", diffs, ROW_DIFFS);
    history(r, htmlPath);
  }

  public void history(ParityReport r, String htmlPath) {
    append(HISTORY_TABLE, List.of(RowFactory.create(r.runId(), ts(r.startedAt()), ts(r.finishedAt()), r.freezeLsn(),
        r.appliedLsn(), r.verdict().name(), r.verdict().exitCode(), r.tables().size(), r.differingRows(),
        r.changedAfterFreeze(), r.message(), htmlPath)), HISTORY);
  }

  private static Timestamp ts(String iso) {
    return iso == null ? null : Timestamp.from(Instant.parse(iso));
  }

  private void append(String name, List<Row> rows, StructType schema) {
    append(spark, dir + "/" + name, rows, schema);
  }

  /** Appends a run's rows to one of the report tables (parity's, shadow's) at {@code path}, in one file. */
  public static void append(SparkSession spark, String path, List<Row> rows, StructType schema) {
    // An empty append still creates the table, so readers (notebooks, cutover-check) always find it. Merging
    // the schema adds the columns of a newer Seam to a lake's older tables (their rows read them as NULL).
    spark.createDataFrame(rows, schema).coalesce(1).write().format("delta").mode("append").option("mergeSchema", "true")
        .save(path);
  }

  /**
   * The runs a history table at {@code path} records (parity's, shadow's: both have run_id, finished_at and
   * verdict), in no order; none when the table does not exist yet.
   */
  public static List<CutoverCheck.Run> runs(SparkSession spark, String path) {
    List<CutoverCheck.Run> runs = new java.util.ArrayList<>();
    if (io.seam.core.spark.DeltaSnapshots.exists(spark, path)) {
      for (Row r : spark.read().format("delta").load(path).select("run_id", "finished_at", "verdict").collectAsList()) {
        runs.add(new CutoverCheck.Run(r.getString(0), r.getTimestamp(1).toInstant(), Verdict.valueOf(r.getString(2))));
      }
    }
    return runs;
  }
}
