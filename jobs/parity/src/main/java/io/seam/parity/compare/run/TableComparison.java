package io.seam.parity.compare.run;

import io.seam.core.StageClock;
import io.seam.parity.compare.BisectionPlanner;
import io.seam.parity.compare.Bucket;
import io.seam.parity.compare.BucketStats;
import io.seam.parity.compare.Granularity;
import io.seam.parity.compare.TableParity;
import io.seam.parity.compare.fingerprint.RowFingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table's comparison, both sides exactly as of the freeze: figures per day, bisection of large disagreeing
 * days, then row-by-row comparison of only the disagreeing buckets.
 */
public final class TableComparison {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");

  private final String table;
  private final RowFingerprint fp;
  private final SourceSide source;
  private final TargetSide target;
  private final BisectionPlanner planner;
  private final RowDiffer differ;
  private StageClock clock = new StageClock();

  public TableComparison(String table, RowFingerprint fp, SourceSide source, TargetSide target, int maxRowsPerFetch,
      int maxListed) {
    this.table = table;
    this.fp = fp;
    this.source = source;
    this.target = target;
    this.planner = new BisectionPlanner(fp.sums(), maxRowsPerFetch);
    this.differ = new RowDiffer(fp, maxListed);
  }

  /**
   * Where the last {@link #run}'s time went: target figures, the wait for the source figures after them,
   * bisect, rows; and the source figures' own time, spent before and
   * alongside the target's ({@link SourceFiguresAhead}).
   */
  public StageClock clock() {
    return clock;
  }

  /**
   * Compares the table, given its source figures, which PostgreSQL computes meanwhile, and its keys changed
   * after the freeze (for the report).
   */
  public TableParity run(Supplier<SourceFiguresAhead.Timed> sourceFigures, ChangedAfterFreeze.Keys later) {
    clock = new StageClock();
    Map<Bucket, BucketStats> targetFirst = target.figures(Granularity.FIRST, List.of());
    clock.lap("target figures");
    SourceFiguresAhead.Timed sourceAll = sourceFigures.get();
    clock.lap("then waiting for the source");
    clock.charge("source figures (ahead)", sourceAll.took());
    int sumCount = fp.sums().size();
    Map<Bucket, BucketStats> sourceFirst = sourceAll.figures();
    BisectionPlanner.Plan first = planner.firstLevel(sourceFirst, targetFirst);
    List<Bucket> fetch = new ArrayList<>(first.bucketsToFetch());
    if (!first.daysToBisect().isEmpty()) {
      LOG.info("{}: bisecting {} large disagreeing day(s) by key hash", table, first.daysToBisect().size());
      BisectionPlanner.Plan second = planner.secondLevel(source.figures(Granularity.FINE, first.daysToBisect()),
          target.figures(Granularity.FINE, first.daysToBisect()));
      fetch.addAll(second.bucketsToFetch());
      clock.lap("bisect");
    }
    long sourceRows = sourceFirst.values().stream().mapToLong(BucketStats::rows).sum();
    long targetRows = targetFirst.values().stream().mapToLong(BucketStats::rows).sum();
    RowDiffer.Result diff = new RowDiffer.Result(0, 0, 0, List.of());
    long compared = 0;
    if (!fetch.isEmpty()) {
      Dataset<Row> sourceSlice = source.rows(fetch);
      Dataset<Row> targetSlice = target.rows(fetch);
      compared = fetch.stream().mapToLong(b -> Math.max(
          sourceFirst.getOrDefault(b, BucketStats.empty(b, sumCount)).rows(),
          targetFirst.getOrDefault(b, BucketStats.empty(b, sumCount)).rows())).sum();
      diff = differ.diff(sourceSlice, targetSlice);
      clock.lap("rows");
    }
    return new TableParity(table, fp.dayColumn(), fp.hasDay() ? fp.zone() : null,
        fp.sums().stream().map(RowFingerprint.SumColumn::name).toList(), target.deltaVersion(),
        target.logVersion().orElse(null), sourceRows, targetRows, later.count(), later.sample(), first.comparisons(),
        first.daysToBisect(), compared, diff.missing(), diff.extra(), diff.mismatched(), diff.listed());
  }
}
