package io.seam.core.split;

import io.seam.core.config.BackfillConfig;
import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.TableDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the splits of a table. Physical page ranges ({@code ctid}) are balanced however skewed,
 * gappy or non-numeric the key is, so they are the default; integer key ranges are the fallback
 * where pages do not apply (partitioned parents, PostgreSQL before 14 where a ctid range is a full
 * scan). Pure: the caller supplies sizes and, for key ranges, the key's bounds.
 */
public final class SplitPlanner {
  static final int TID_RANGE_SCAN_VERSION = 140000;

  private SplitPlanner() {}

  /** Below this size a table is read in one split: more would cost more in set-up than they save. */
  static final long MIN_PARALLEL_BYTES = 8L * 1024 * 1024;

  /**
   * How many splits a table of {@code pages} gets: the configured count, else one per target size but
   * at least one per core of the cluster ({@code parallelism}) once the table is worth splitting.
   */
  public static int splitCount(long pages, int blockSize, BackfillConfig config, int parallelism) {
    if (config.splits() > 0) {
      return config.splits();
    }
    long targetPages = Math.max(1, (long) config.targetSplitMb() * 1024 * 1024 / Math.max(1, blockSize));
    long n = (pages + targetPages - 1) / targetPages;
    if (pages * blockSize >= MIN_PARALLEL_BYTES) {
      n = Math.max(n, parallelism);
    }
    return (int) Math.max(1, Math.min(config.maxSplits(), n));
  }

  /** {@code count} contiguous page ranges over {@code pages}; the first starts at 0, the last is open. */
  public static List<Split> pageRanges(long pages, int count) {
    int n = (int) Math.max(1, Math.min(count, Math.max(1, pages)));
    List<Split> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long first = pages * i / n;
      long end = i == n - 1 ? -1 : pages * (i + 1) / n;
      out.add(new Split.PageRange(first, end));
    }
    return out;
  }

  /** {@code count} key ranges over {@code [min, max]}; the outer ones are open so no key escapes. */
  public static List<Split> keyRanges(String column, long min, long max, int count) {
    long span = max - min + 1;
    int n = (int) Math.max(1, Math.min(count, span <= 0 ? 1 : span));
    List<Split> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Long lo = i == 0 ? null : min + (long) ((double) span * i / n);
      Long hi = i == n - 1 ? null : min + (long) ((double) span * (i + 1) / n);
      out.add(new Split.KeyRange(column, lo, hi));
    }
    return out;
  }

  /** Whether page ranges can be used; otherwise the single integer key column for ranges, if any. */
  public static boolean pagesApply(TableDescription t, int serverVersionNum) {
    return t.relkind() == 'r' && serverVersionNum >= TID_RANGE_SCAN_VERSION;
  }

  public static Optional<String> rangeKey(TableDescription t, List<String> primaryKey) {
    if (primaryKey.size() != 1) {
      return Optional.empty();
    }
    return t.column(primaryKey.get(0)).filter(c -> t.type(c).kind().isInteger())
        .map(ColumnInfo::name);
  }

  /**
   * The plan for a table. {@code keyBounds} is consulted only for the key-range fallback and
   * returns the key's min and max (empty for an empty table).
   */
  public static SplitPlan plan(TableDescription t, List<String> primaryKey, int serverVersionNum,
      BackfillConfig config, int parallelism, KeyBounds keyBounds) {
    int count = splitCount(t.pages(), t.blockSize(), config, parallelism);
    if (pagesApply(t, serverVersionNum)) {
      return new SplitPlan(SplitPlan.Kind.PAGE_RANGES, pageRanges(t.pages(), count),
          t.pages() + " pages");
    }
    Optional<String> key = rangeKey(t, primaryKey);
    if (key.isPresent() && count > 1) {
      Optional<long[]> bounds = keyBounds.of(key.get());
      if (bounds.isPresent()) {
        return new SplitPlan(SplitPlan.Kind.KEY_RANGES, keyRanges(key.get(), bounds.get()[0], bounds.get()[1], count),
            "key " + key.get() + " in [" + bounds.get()[0] + ", " + bounds.get()[1] + "]");
      }
    }
    return new SplitPlan(SplitPlan.Kind.WHOLE, List.of(new Split.Whole()),
        t.relkind() == 'p' ? "partitioned table without a single integer key" : "small or unsplittable table");
  }

  /** Looks up an integer key column's min and max. */
  @FunctionalInterface
  public interface KeyBounds {
    Optional<long[]> of(String column);
  }
}
