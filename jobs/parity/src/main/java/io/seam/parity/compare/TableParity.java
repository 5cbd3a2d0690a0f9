package io.seam.parity.compare;

import java.io.Serializable;
import java.util.List;

/**
 * One table's parity result.
 *
 * @param days the first-level buckets (days, or key buckets without a day column), both sides' figures
 * @param excludedRows keys whose last change committed after the freeze: left out on both sides
 * @param excludedSample a few of those keys, for the report
 * @param bisectedDays days too large to read whole, narrowed by key hash first
 * @param rowsCompared rows read on each side to find the differences (only in disagreeing buckets)
 */
public record TableParity(String table, String dayColumn, String dayTimeZone, List<String> sumColumns,
    long deltaVersion, long sourceRows, long targetRows, long excludedRows, List<String> excludedSample,
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
