package io.seam.parity.status;

import io.seam.core.stream.AppliedTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@link MigrationStatus} as lines for people: a label column, then what it says. */
public final class StatusLines {
  private StatusLines() {}

  public static List<String> of(MigrationStatus s) {
    List<String> out = new ArrayList<>();
    MigrationStatus.Seam seam = s.seam();
    if (seam == null) {
      out.add(line("seam", "none yet: run bin/seam backfill --config FILE"));
    } else {
      out.add(line("seam", "slot " + seam.slot() + " at LSN " + seam.lsn() + " (snapshot " + seam.snapshot() + "), backfill "
          + seam.status()));
      for (MigrationStatus.Table t : seam.tables()) {
        out.add(line("backfilled", String.format(Locale.ROOT, "%-22s %,12d rows  (%d %s splits)", t.table(), t.rows(),
            t.splits(), t.splitKind().toLowerCase(Locale.ROOT).replace('_', ' '))));
      }
      if (seam.backfillSeconds() != null) {
        out.add(line("backfill", String.format(Locale.ROOT, "%,d rows in %.0f s (%,.0f rows/s)", seam.rowsWritten(),
            seam.backfillSeconds(), seam.rowsWritten() / Math.max(seam.backfillSeconds(), 0.001))));
      }
      if (!seam.tables().isEmpty()) {
        String target = seam.tables().get(0).targetPath();
        out.add(line("tables", target.substring(0, Math.max(0, target.lastIndexOf('/'))) + "/ (base tables, folded at"
            + " least every stream.compaction_max_age_seconds)"));
      }
    }
    AppliedTotals a = s.stream();
    if (a.batches() == 0) {
      out.add(line("streamed", "nothing applied yet"));
    } else {
      out.add(line("streamed", String.format(Locale.ROOT, "%,d records in %,d batches: %,d row changes logged, %,d dead"
          + " letters", a.events(), a.batches(), a.changes(), a.deadLetters())));
      out.add(line("applied", "every transaction up to commit LSN " + (a.appliedLsn() == null ? "-" : a.appliedLsn())
          + (a.lastBatchLagSeconds() == null ? "" : String.format(Locale.ROOT, "; commit-to-visible lag %.1f s in the"
              + " last batch with a source commit (%s)", a.lastBatchLagSeconds(), a.lastBatchAt()))));
    }
    out.add(line("read", "the live views: spark.sql(open(f).read()) for f in " + s.views() + "/*.sql (base + change log)"));
    runs(out, "parity", s.parity(), "rows compared", true);
    runs(out, "shadow", s.shadow(), "report queries", false);
    out.add(line("cutover", s.cutover().reason()));
    if (s.ended() == null) {
      out.add(line("finished", "no (bin/seam finish --config FILE ends the migration)"));
    } else {
      out.add(line("finished", String.format(Locale.ROOT, "on the final parity run %s at %s%s: slot and publication"
          + " dropped (%,.1f MB of WAL released); topic %s kept", s.ended().finalParityRun(), s.ended().at(),
          s.ended().forced() ? " (forced: not cutover-ready)" : "", s.ended().retainedWalBytes() / 1048576.0,
          s.ended().topic())));
    }
    return out;
  }

  private static void runs(List<String> out, String label, MigrationStatus.Runs runs, String compared, boolean parity) {
    if (runs.runs() == 0) {
      out.add(line(label, "no run yet"));
      return;
    }
    out.add(line(label, String.format(Locale.ROOT, "%d run(s), %d clean; the newest %d:", runs.runs(), runs.clean(),
        runs.recent().size())));
    for (MigrationStatus.Run r : runs.recent()) {
      String figures = parity
          ? String.format(Locale.ROOT, "%,d %s, %,d changed after the freeze (compared as of it), %,d differing",
              r.compared(), compared, r.changedAfterFreeze(), r.differing())
          : String.format(Locale.ROOT, "%d %s, %d differing", r.compared(), compared, r.differing());
      out.add(line("", r.verdict() + " at frozen LSN " + (r.freezeLsn() == null ? "-" : r.freezeLsn()) + ": " + figures
          + " (" + r.runId() + ")"));
      if (r.message() != null && !r.message().isBlank()) {
        out.add(line("", "  " + r.message()));
      }
    }
    out.add(line("report", runs.latest().report()));
  }

  private static String line(String label, String text) {
    return String.format(Locale.ROOT, "  %-11s %s", label, text);
  }
}
