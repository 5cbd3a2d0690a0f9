package io.seam.parity.compare;

import java.io.Serializable;
import java.util.List;

/**
 * One table's parity result.
 *
 * @param days the first-level buckets (days, or key buckets without a day column), both sides' figures
 * @param deltaVersion the base table's version compared
 * @param logVersion the change log's version compared (the base overlaid with its changes at or before the
 *     freeze), null for a lake without a log
 * @param changedAfterFreeze keys with a change committed after the freeze: compared as of the freeze all the
 *     same (their later changes are in the change log, above the cut)
 * @param changedAfterFreezeSample a few of those keys, for the report
 * @param bisectedDays days too large to read whole, narrowed by key hash first
 * @param rowsCompared rows read on each side to find the differences (only in disagreeing buckets)
 */
public record TableParity(String table, String dayColumn, String dayTimeZone, List<String> sumColumns,
    long deltaVersion, Long logVersion, long sourceRows, long targetRows, long changedAfterFreeze,
    List<String> changedAfterFreezeSample,
    List<BucketComparison> days, List<String> bisectedDays, long rowsCompared, long missing, long extra,
    long mismatched, List<RowDifference> differences) implements Serializable {

  public long differingRows() {
    return missing + extra + mismatched;
  }

  public boolean clean() {
    return differingRows() == 0 && days.stream().allMatch(BucketComparison::matches);
  }

  public long mismatchedDays() {
    return days.stream().filter(d -> !d.matches()).count();
  }
}
