package io.seam.parity.compare;

import io.seam.parity.compare.fingerprint.RowFingerprint.SumColumn;
import io.seam.parity.compare.fingerprint.RowFingerprint;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides where parity looks at rows. Buckets whose figures agree are proven and never read again;
 * a disagreeing bucket is either small enough to compare row by row, or (a whole day larger than
 * {@code maxRowsPerFetch}) bisected by key hash first, so only its disagreeing key buckets are read.
 * Pure: the figures come in, the decisions go out.
 */
public final class BisectionPlanner {
  /** Relative tolerance for floating-point sums: their addition order differs between the two engines. */
  static final BigDecimal FLOAT_TOLERANCE = new BigDecimal("1e-9");

  private final List<SumColumn> sums;
  private final int maxRowsPerFetch;

  public BisectionPlanner(List<SumColumn> sums, int maxRowsPerFetch) {
    this.sums = List.copyOf(sums);
    this.maxRowsPerFetch = maxRowsPerFetch;
  }

  /** What to do after comparing one level of buckets. */
  public record Plan(List<BucketComparison> comparisons, List<String> daysToBisect, List<Bucket> bucketsToFetch) {
    public List<BucketComparison> mismatched() {
      return comparisons.stream().filter(c -> !c.matches()).toList();
    }
  }

  /** Every bucket present on either side, compared; a bucket missing on one side counts as empty there. */
  public List<BucketComparison> compare(Map<Bucket, BucketStats> source, Map<Bucket, BucketStats> target) {
    TreeSet<Bucket> all = new TreeSet<>(source.keySet());
    all.addAll(target.keySet());
    List<BucketComparison> out = new ArrayList<>();
    for (Bucket b : all) {
      BucketStats s = source.getOrDefault(b, BucketStats.empty(b, sums.size()));
      BucketStats t = target.getOrDefault(b, BucketStats.empty(b, sums.size()));
      List<Boolean> sumsMatch = new ArrayList<>();
      for (int i = 0; i < sums.size(); i++) {
        sumsMatch.add(sumEquals(sums.get(i), s.sums().get(i), t.sums().get(i)));
      }
      out.add(new BucketComparison(b, s, t, s.rows() == t.rows(), sumsMatch, s.hashSum().compareTo(t.hashSum()) == 0));
    }
    return out;
  }

  static boolean sumEquals(SumColumn column, BigDecimal a, BigDecimal b) {
    if (column.exact()) {
      return a.compareTo(b) == 0;
    }
    BigDecimal scale = a.abs().max(b.abs()).max(BigDecimal.ONE);
    return a.subtract(b).abs().divide(scale, MathContext.DECIMAL64).compareTo(FLOAT_TOLERANCE) <= 0;
  }

  /** The first level: days (or key buckets for a table without a day column). */
  public Plan firstLevel(Map<Bucket, BucketStats> source, Map<Bucket, BucketStats> target) {
    List<BucketComparison> comparisons = compare(source, target);
    List<String> bisect = new ArrayList<>();
    List<Bucket> fetch = new ArrayList<>();
    for (BucketComparison c : comparisons) {
      if (c.matches()) {
        continue;
      }
      boolean isDay = c.bucket().wholeDay() && !RowFingerprint.ALL_DAYS.equals(c.bucket().day());
      if (isDay && c.largerSide() > maxRowsPerFetch) {
        bisect.add(c.bucket().day());
      } else {
        fetch.add(c.bucket());
      }
    }
    return new Plan(comparisons, bisect, fetch);
  }

  /** The second level, inside the bisected days: fetch only the disagreeing key buckets. */
  public Plan secondLevel(Map<Bucket, BucketStats> source, Map<Bucket, BucketStats> target) {
    List<BucketComparison> comparisons = compare(source, target);
    List<Bucket> fetch = comparisons.stream().filter(c -> !c.matches()).map(BucketComparison::bucket).toList();
    return new Plan(comparisons, List.of(), fetch);
  }
}
