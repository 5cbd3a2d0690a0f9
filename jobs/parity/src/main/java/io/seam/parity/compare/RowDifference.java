package io.seam.parity.compare;

import java.io.Serializable;
import java.util.List;

/**
 * One differing row: its key (as {@code column=value} text), the bucket it was found in, its class,
 * and for a value mismatch every differing column with both values. For a missing or extra row the
 * columns hold the one side's values.
 */
public record RowDifference(String key, String day, DiffClass kind, List<ColumnDifference> columns)
    implements Serializable {
  public RowDifference {
    columns = List.copyOf(columns);
  }
}
