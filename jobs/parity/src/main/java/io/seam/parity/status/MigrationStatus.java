package io.seam.parity.status;

import io.seam.core.manifest.SeamManifest;
import io.seam.core.stream.AppliedTotals;
import java.util.List;

/**
 * Where a migration stands, as its jobs recorded it under the lake's {@code _seam/}: the seam and the backfill
 * (the manifest), what the stream has applied (the progress table), parity's and shadow's runs (their history
 * tables), whether cutover-check would say ready, and how the migration ended. {@code bin/seam status} prints it
 * for people or, with {@code --json}, for scripts; nothing in it comes from a log line.
 *
 * @param seam null before the first backfill wrote a manifest
 * @param ended null while the migration runs
 * @param views where the live views' SQL is (docs/stream.md): what analysts are told to query
 */
public record MigrationStatus(Seam seam, AppliedTotals stream, Runs parity, Runs shadow, Cutover cutover,
    SeamManifest.MigrationEnd ended, String views) {

  /**
   * The seam and what the backfill wrote.
   *
   * @param backfillSeconds the backfill's own span (slot, snapshot, reads and writes), null until it finished
   */
  public record Seam(String status, String slot, String publication, String lsn, String snapshot,
      Double backfillSeconds, List<Table> tables) {
    public Seam {
      tables = List.copyOf(tables);
    }

    public long rowsWritten() {
      return tables.stream().mapToLong(Table::rows).sum();
    }
  }

  /** One table's backfill. */
  public record Table(String table, String targetPath, long rows, int splits, String splitKind) {}

  /**
   * A run kind's history (parity's, shadow's).
   *
   * @param recent the newest runs, oldest first; at most {@link #RECENT}
   * @param latest the newest run, or null before the first
   */
  public record Runs(int runs, int clean, List<Run> recent, Run latest) {
    public static final int RECENT = 5;
    public static final Runs NONE = new Runs(0, 0, List.of(), null);

    public Runs {
      recent = List.copyOf(recent);
    }
  }

  /**
   * One run.
   *
   * @param compared rows compared (parity) or queries run (shadow)
   * @param changedAfterFreeze parity: keys changed after the freeze, compared as of it; shadow: 0
   * @param differing differing rows (parity) or queries (shadow)
   */
  public record Run(String runId, String finishedAt, String verdict, String freezeLsn, long compared,
      long changedAfterFreeze, long differing, String message, String report) {}

  /** What {@code bin/seam cutover-check} would answer now. */
  public record Cutover(boolean ready, String reason) {}
}
