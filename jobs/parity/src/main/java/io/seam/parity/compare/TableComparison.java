package io.seam.parity.compare;

import io.seam.core.StageClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table's comparison: figures per day on both sides (rows changed after the freeze taken off),
 * bisection of large disagreeing days, then row-by-row comparison of only the disagreeing buckets.
 */
public final class TableComparison {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  private static final int EXCLUDED_SAMPLE = 20;

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
   * Where the last {@link #run}'s time went: changed keys, target figures, the wait for the source
   * figures after them, bisect, rows; and the source figures' own time, spent before and alongside the first
   * two ({@link SourceFiguresAhead}).
   */
  public StageClock clock() {
    return clock;
  }

  /** Compares the table, given its source figures, which PostgreSQL computes meanwhile. */
  public TableParity run(Supplier<SourceFiguresAhead.Timed> sourceFigures) {
    clock = new StageClock();
    List<List<String>> changed = target.changedKeysAsText();
    Map<Bucket, BucketStats> changedFine = source.figuresOfKeys(changed);
    clock.lap("changed keys");
    Map<Bucket, BucketStats> targetFirst = target.figures(Granularity.FIRST, List.of());
    clock.lap("target figures");
    SourceFiguresAhead.Timed sourceAll = sourceFigures.get();
    clock.lap("then waiting for the source");
    clock.charge("source figures (ahead)", sourceAll.took());
    int sumCount = fp.sums().size();
    Map<Bucket, BucketStats> sourceFirst = minus(sourceAll.figures(), firstLevel(changedFine), sumCount);
    BisectionPlanner.Plan first = planner.firstLevel(sourceFirst, targetFirst);
    List<Bucket> fetch = new ArrayList<>(first.bucketsToFetch());
    if (!first.daysToBisect().isEmpty()) {
      LOG.info("{}: bisecting {} large disagreeing day(s) by key hash", table, first.daysToBisect().size());
      Map<Bucket, BucketStats> changedInDays = changedFine.entrySet().stream()
          .filter(e -> first.daysToBisect().contains(e.getKey().day()))
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      BisectionPlanner.Plan second = planner.secondLevel(
          minus(source.figures(Granularity.FINE, first.daysToBisect()), changedInDays, sumCount),
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
      if (!changed.isEmpty()) {  // another pass over the target's versions, only when it can remove rows
        sourceSlice = sourceSlice.join(target.changedAfterFreeze(),
            scala.jdk.javaapi.CollectionConverters.asScala(fp.keyColumns()).toSeq(), "left_anti");
      }
      Dataset<Row> targetSlice = target.rows(fetch);
      compared = fetch.stream().mapToLong(b -> Math.max(
          sourceFirst.getOrDefault(b, BucketStats.empty(b, sumCount)).rows(),
          targetFirst.getOrDefault(b, BucketStats.empty(b, sumCount)).rows())).sum();
      diff = differ.diff(sourceSlice, targetSlice);
      clock.lap("rows");
    }
    List<String> sample = changed.stream().limit(EXCLUDED_SAMPLE).map(this::keyText).toList();
    return new TableParity(table, fp.dayColumn(), fp.hasDay() ? fp.zone() : null,
        fp.sums().stream().map(RowFingerprint.SumColumn::name).toList(), target.deltaVersion(), sourceRows, targetRows,
        changed.size(), sample, first.comparisons(), first.daysToBisect(), compared, diff.missing(), diff.extra(),
        diff.mismatched(), diff.listed());
  }

  private String keyText(List<String> key) {
    List<String> cols = fp.keyColumns();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      parts.add(cols.get(i) + "=" + key.get(i));
    }
    return String.join(", ", parts);
  }

  /** Fine figures rolled up to the first level: whole days, or key buckets for a table without days. */
  private Map<Bucket, BucketStats> firstLevel(Map<Bucket, BucketStats> fine) {
    return fp.hasDay() ? BisectionPlanner.byDay(fine, fp.sums().size()) : fine;
  }

  private static Map<Bucket, BucketStats> minus(Map<Bucket, BucketStats> all, Map<Bucket, BucketStats> excluded,
      int sumCount) {
    Map<Bucket, BucketStats> out = new TreeMap<>(all);
    for (Map.Entry<Bucket, BucketStats> e : excluded.entrySet()) {
      out.merge(e.getKey(), BucketStats.empty(e.getKey(), sumCount).minus(e.getValue()),
          (a, b) -> a.plus(b));
    }
    out.values().removeIf(s -> s.rows() == 0 && s.hashSum().signum() == 0);
    return out;
  }
}
