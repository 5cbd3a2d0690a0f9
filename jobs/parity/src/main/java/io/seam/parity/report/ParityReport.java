package io.seam.parity.report;

import io.seam.parity.compare.TableParity;
import java.io.Serializable;
import java.util.List;

/**
 * One parity run: when, at which frozen position, the verdict, and every table's result. Times are
 * ISO-8601 UTC text so the JSON needs no date handling.
 *
 * @param freezeLsn the frozen source position F (the temporary slot's consistent point)
 * @param appliedLsn the stream's applied position when the comparison started (at or after F)
 * @param cutVersion the first {@code _seam_version} after F; rows at or above it were excluded
 */
public record ParityReport(String runId, String source, String startedAt, String finishedAt, String freezeLsn,
    String appliedLsn, String cutVersion, Verdict verdict, String message, List<TableParity> tables)
    implements Serializable {

  public ParityReport {
    tables = List.copyOf(tables);
  }

  public long differingRows() {
    return tables.stream().mapToLong(TableParity::differingRows).sum();
  }

  public long excludedRows() {
    return tables.stream().mapToLong(TableParity::excludedRows).sum();
  }
}
