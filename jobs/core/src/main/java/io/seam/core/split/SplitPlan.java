package io.seam.core.split;

import java.util.List;

/** The splits of one table and how they were chosen. */
public record SplitPlan(Kind kind, List<Split> splits, String reason) {
  /** How a table is split. */
  public enum Kind { PAGE_RANGES, KEY_RANGES, WHOLE }

  public SplitPlan {
    splits = List.copyOf(splits);
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("a plan needs at least one split");
    }
  }
}
