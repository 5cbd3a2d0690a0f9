package io.seam.cdc.status;

import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.ReplicationObjects.SlotState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code bin/seam stream status} says of the seam slot: whether it exists and is read, how much WAL it
 * retains, and a warning past {@code replication.retained_wal_warn_mb}. A slot nobody reads keeps every WAL
 * segment since its restart point, so the source's disk fills (after a migration that ended without
 * {@code bin/seam finish}, a stopped stream, a Debezium Server that died).
 */
public final class SlotReport {
  private SlotReport() {}

  public static List<String> lines(String slot, Optional<SlotState> state, Optional<SeamManifest.MigrationEnd> ended,
      int warnMb) {
    List<String> out = new ArrayList<>();
    ended.ifPresent(e -> out.add("migration   finished at " + e.at() + " on parity run " + e.finalParityRun()
        + " (bin/seam finish); its slot and publication were dropped"));
    if (state.isEmpty()) {
      out.add("slot        " + slot + " does not exist on the source" + (ended.isPresent() ? ""
          : ": the stream cannot resume; re-seam (bin/seam backfill --config FILE --restart)"));
      return out;
    }
    SlotState s = state.get();
    double mb = s.retainedWalBytes() / 1048576.0;
    out.add("slot        " + slot + (s.active() ? " read by a consumer" : " not read by anyone") + ", retaining "
        + String.format("%,.1f", mb) + " MB of WAL");
    if (mb > warnMb) {
      out.add("warning     slot " + slot + " retains " + String.format("%,.0f", mb) + " MB of WAL, more than"
          + " replication.retained_wal_warn_mb (" + warnMb + "): the source keeps every WAL segment since the slot's"
          + " restart point until the stream confirms it, and its disk fills. "
          + (s.active() ? "The stream is behind: see the apply job's lag" : "Start the stream (bin/seam stream"
              + " start --config FILE) or, once cut over, end the migration (bin/seam finish --config FILE)"));
    }
    return out;
  }
}
