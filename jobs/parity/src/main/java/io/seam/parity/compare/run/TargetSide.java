package io.seam.parity.compare.run;

import io.seam.core.MetadataColumns;
import io.seam.core.ParityCut;
import io.seam.core.config.TargetConfig;
import io.seam.core.live.FreezeHold;
import io.seam.core.live.LiveTablePlan;
import io.seam.core.live.LiveTables;
import io.seam.parity.ParityException;
import io.seam.parity.compare.Bucket;
import io.seam.parity.compare.BucketStats;
import io.seam.parity.compare.Granularity;
import io.seam.parity.compare.fingerprint.RowFingerprint.Dialect;
import io.seam.parity.compare.fingerprint.RowFingerprint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The target exactly as of the freeze F, read at one pinned pair of versions (the change log's, then the base
 * table's: docs/stream.md) so every figure and row of a table comes from the same commits while the stream keeps
 * writing: the base overlaid with the log's changes committed at or before F ({@link LiveTables#asOf}). Nothing is
 * excluded: a row that changed after F is compared with its value at F ({@link ChangedAfterFreeze} counts them).
 */
public final class TargetSide {
  /** A day no table holds: the warm-up's filtered query loads the statistics and reads no file. */
  private static final String WARM_UP_DAY = "1900-01-01";
  private static final String AFTER_CUT = "seam_after_cut";

  private final Dataset<Row> pinned;
  private final long deltaVersion;
  private final Optional<Long> logVersion;
  private final Optional<ParityCut> cut;
  private final RowFingerprint fp;
  private final String table;

  /** A plain Delta table at one version (the warm-up, which only loads the base). */
  public TargetSide(SparkSession spark, String path, long deltaVersion, RowFingerprint fp) {
    this.pinned = spark.read().format("delta").option("versionAsOf", deltaVersion).load(path);
    this.deltaVersion = deltaVersion;
    this.logVersion = Optional.empty();
    this.cut = Optional.empty();
    this.fp = fp;
    this.table = path;
  }

  /** The table exactly as of the freeze whose cut is {@code cut}, at the latest versions. */
  public static TargetSide asOfFreeze(SparkSession spark, TargetConfig target, LiveTablePlan plan, String basePath,
      ParityCut cut, RowFingerprint fp) {
    LiveTables.Pinned p = LiveTables.asOf(spark, target, plan, basePath, cut);
    return new TargetSide(p.resolved(), p.baseVersion(), p.logVersion(), cut, fp, plan.table());
  }

  private TargetSide(Dataset<Row> pinned, long deltaVersion, Optional<Long> logVersion, ParityCut cut,
      RowFingerprint fp, String table) {
    this.pinned = pinned;
    this.deltaVersion = deltaVersion;
    this.logVersion = logVersion;
    this.cut = Optional.of(cut);
    this.fp = fp;
    this.table = table;
  }

  /** The base table's pinned version. */
  public long deltaVersion() {
    return deltaVersion;
  }

  /** The change log's pinned version, if the lake has a log. */
  public Optional<Long> logVersion() {
    return logVersion;
  }

  /** The columns of the pinned version (the same version every figure and row is read from). */
  public java.util.Set<String> columns() {
    return new java.util.TreeSet<>(java.util.Arrays.asList(pinned.columns()));
  }

  public Dataset<Row> asOfFreeze() {
    return pinned.where(functions.not(functions.col(MetadataColumns.DELETED)));
  }

  public Map<Bucket, BucketStats> figures(Granularity g, List<String> onlyDays) {
    Dataset<Row> rows = asOfFreeze();
    if (!onlyDays.isEmpty()) {
      rows = rows.where(daysFilter(onlyDays));
    }
    List<Row> grouped = grouped(rows, g).collectAsList();
    long after = cut.isEmpty() ? 0 : grouped.stream().mapToLong(r -> ((Number) r.getAs(AFTER_CUT)).longValue()).sum();
    if (after > 0) {
      throw new ParityException("table " + table + ": its base table at version " + deltaVersion + " holds " + after
          + " row(s) changed after the freeze (at or above _seam_version " + cut.get().firstVersionAfter().toPlainString()
          + "), so it is not the source as of the freeze: the compactor folded them in spite of parity's hold (was"
          + " this run stalled for more than " + FreezeHold.EXPIRY.toMinutes() + " minutes, or does another writer"
          + " change the table?). Re-run parity");
    }
    return collect(grouped, fp.sums().size());
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
        .agg(functions.expr(aggs.get(0)), java.util.stream.Stream.concat(aggs.stream().skip(1),
            cut.stream().map(c -> "count_if(" + c.afterPredicate(MetadataColumns.VERSION) + ") AS " + AFTER_CUT))
            .map(functions::expr).toArray(Column[]::new));
  }

  /** The table's latest Delta version: the one a comparison pins. */
  public static long latestVersion(SparkSession spark, String path) {
    return io.seam.core.spark.DeltaSnapshots.latest(spark, path).version();
  }

  /** The target's rows in the given buckets. */
  public Dataset<Row> rows(List<Bucket> buckets) {
    String key = fp.keyBucket(Dialect.SPARK);
    List<String> exact = buckets.stream().map(b -> "(" + fp.sparkDayPredicate(b.day())
        + (b.wholeDay() ? "" : " AND " + key + " = " + b.keyBucket()) + ")").toList();
    return asOfFreeze().where(fp.sparkDaysFilter(buckets.stream().map(Bucket::day).toList(), exact));
  }

  /** Collects grouped figures (columns seam_day, seam_key_bucket, seam_rows, seam_hash, seam_sum_i). */
  static Map<Bucket, BucketStats> collect(List<Row> grouped, int sumCount) {
    Map<Bucket, BucketStats> out = new TreeMap<>();
    for (Row r : grouped) {
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
