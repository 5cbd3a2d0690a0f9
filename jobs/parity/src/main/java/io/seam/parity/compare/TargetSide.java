package io.seam.parity.compare;

import io.seam.core.MetadataColumns;
import io.seam.core.ParityCut;
import io.seam.core.spark.SparkIdentifiers;
import io.seam.parity.compare.RowFingerprint.Dialect;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The target as of the freeze, read at one pinned version (of the base table, and of the change log it is
 * overlaid with: docs/stream.md) so every figure and row of a table comes from the same commits while the
 * stream keeps writing: rows whose last change is before the cut and not deleted. Rows at or after the cut
 * changed after the freeze and are excluded.
 */
public final class TargetSide {
  /** A day no table holds: the warm-up's filtered query loads the statistics and reads no file. */
  private static final String WARM_UP_DAY = "1900-01-01";

  private final Dataset<Row> pinned;
  private final long deltaVersion;
  private final ParityCut cut;
  private final RowFingerprint fp;

  /** A plain Delta table at one version (no change log: the warm-up, which only loads the base). */
  public TargetSide(SparkSession spark, String path, long deltaVersion, ParityCut cut, RowFingerprint fp) {
    this(spark.read().format("delta").option("versionAsOf", deltaVersion).load(path), deltaVersion, cut, fp);
  }

  /**
   * @param pinned every key's row with its metadata columns, tombstones included, from pinned versions
   * @param deltaVersion the base table's pinned version, which the report names
   */
  public TargetSide(Dataset<Row> pinned, long deltaVersion, ParityCut cut, RowFingerprint fp) {
    this.pinned = pinned;
    this.deltaVersion = deltaVersion;
    this.cut = cut;
    this.fp = fp;
  }

  public long deltaVersion() {
    return deltaVersion;
  }

  /** The columns of the pinned version (the same version every figure and row is read from). */
  public java.util.Set<String> columns() {
    return new java.util.TreeSet<>(java.util.Arrays.asList(pinned.columns()));
  }

  public Dataset<Row> asOfFreeze() {
    return pinned.where(functions.not(functions.expr(cut.afterPredicate(MetadataColumns.VERSION)))
        .and(functions.not(functions.col(MetadataColumns.DELETED))));
  }

  /** Keys whose last change committed after the freeze (deleted ones included). */
  public Dataset<Row> changedAfterFreeze() {
    return pinned.where(functions.expr(cut.afterPredicate(MetadataColumns.VERSION)))
        .select(fp.keyColumns().stream().map(k -> functions.col(SparkIdentifiers.quote(k))).toArray(Column[]::new));
  }

  /** The changed keys as text, in key-column order (the source side casts them back). */
  public List<List<String>> changedKeysAsText() {
    List<List<String>> out = new ArrayList<>();
    Column[] asText = fp.keyColumns().stream()
        .map(k -> functions.col(SparkIdentifiers.quote(k)).cast("string")).toArray(Column[]::new);
    for (Row r : changedAfterFreeze().select(asText).collectAsList()) {
      List<String> k = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        k.add(r.getString(i));
      }
      out.add(k);
    }
    return out;
  }

  public Map<Bucket, BucketStats> figures(Granularity g, List<String> onlyDays) {
    Dataset<Row> rows = asOfFreeze();
    if (!onlyDays.isEmpty()) {
      rows = rows.where(daysFilter(onlyDays));
    }
    return collect(grouped(rows, g), fp.sums().size());
  }

  /**
   * The comparison's figures query over a sample of this version, and a day-filtered query, results
   * dropped: Delta loads the version's snapshot and file statistics, and Spark compiles and the JIT warms
   * the readers, the row hash and the aggregation, work the comparison's first queries would pay cold.
   */
  public void warmUp(int sampleRows) {
    grouped(pinned.limit(sampleRows), Granularity.FIRST).collectAsList();
    if (fp.hasDay()) {  // data skipping on the day column is what loads the file statistics
      asOfFreeze().where(daysFilter(List.of(WARM_UP_DAY))).count();
    }
  }

  private String daysFilter(List<String> days) {
    return fp.sparkDaysFilter(days, days.stream().map(fp::sparkDayPredicate).toList());
  }

  private Dataset<Row> grouped(Dataset<Row> rows, Granularity g) {
    String bucket = g == Granularity.FINE || !fp.hasDay() ? fp.keyBucket(Dialect.SPARK) : "-1";
    List<String> aggs = fp.aggregates(Dialect.SPARK);
    return rows.withColumn(RowFingerprint.ROW_HASH_COLUMN, functions.expr(fp.rowHash(Dialect.SPARK)))
        .groupBy(functions.expr(fp.dayOf(Dialect.SPARK)).as("seam_day"),
            functions.expr(bucket).as("seam_key_bucket"))
        .agg(functions.expr(aggs.get(0)), aggs.stream().skip(1).map(functions::expr).toArray(Column[]::new));
  }

  /** The table's latest Delta version: the one a comparison pins. */
  public static long latestVersion(SparkSession spark, String path) {
    return io.delta.tables.DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
  }

  /** The target's rows in the given buckets. */
  public Dataset<Row> rows(List<Bucket> buckets) {
    String key = fp.keyBucket(Dialect.SPARK);
    List<String> exact = buckets.stream().map(b -> "(" + fp.sparkDayPredicate(b.day())
        + (b.wholeDay() ? "" : " AND " + key + " = " + b.keyBucket()) + ")").toList();
    return asOfFreeze().where(fp.sparkDaysFilter(buckets.stream().map(Bucket::day).toList(), exact));
  }

  /** Collects grouped figures (columns seam_day, seam_key_bucket, seam_rows, seam_hash, seam_sum_i). */
  static Map<Bucket, BucketStats> collect(Dataset<Row> grouped, int sumCount) {
    Map<Bucket, BucketStats> out = new TreeMap<>();
    for (Row r : grouped.collectAsList()) {
      Bucket b = new Bucket(r.getAs("seam_day"), ((Number) r.getAs("seam_key_bucket")).intValue());
      List<BigDecimal> sums = new ArrayList<>();
      for (int i = 0; i < sumCount; i++) {
        Object v = r.getAs("seam_sum_" + i);
        sums.add(v == null ? BigDecimal.ZERO : v instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) v).doubleValue()));
      }
      Object h = r.getAs("seam_hash");
      out.put(b, new BucketStats(b, ((Number) r.getAs("seam_rows")).longValue(),
          h == null ? BigDecimal.ZERO : (BigDecimal) h, sums));
    }
    return out;
  }
}
