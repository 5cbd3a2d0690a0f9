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
 * @param cutVersion the first {@code _seam_version} after F: the target as of F is the base overlaid with the
 *     change log's changes below it
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

  /** Keys changed after the freeze, over all tables: compared as of the freeze, not left out. */
  public long changedAfterFreeze() {
    return tables.stream().mapToLong(TableParity::changedAfterFreeze).sum();
  }
}
