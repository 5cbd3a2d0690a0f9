package io.seam.backfill;

import io.seam.core.Lsn;
import java.time.Duration;
import java.util.List;

/** The whole backfill's outcome: the seam and each table's result. */
public record BackfillResult(String slot, Lsn seam, String snapshotName, List<TableResult> tables, Duration took,
    String manifestLocation) {

  public BackfillResult {
    tables = List.copyOf(tables);
  }

  public long rows() {
    return tables.stream().mapToLong(TableResult::rowsWritten).sum();
  }

  public long rowsPerSecond() {
    return (long) (rows() / Math.max(0.001, took.toMillis() / 1000.0));
  }
}
