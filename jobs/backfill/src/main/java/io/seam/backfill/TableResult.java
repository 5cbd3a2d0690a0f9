package io.seam.backfill;

import io.seam.core.split.SplitPlan;
import io.seam.core.manifest.SeamManifest;
import java.time.Duration;

/** One table's backfill outcome. */
public record TableResult(SourceTable table, SplitPlan plan, String targetPath, long rowsRead, long rowsWritten,
    long deltaVersion, Duration took) {

  public SeamManifest.TableEntry toManifest() {
    return new SeamManifest.TableEntry(table.name(), targetPath, table.primaryKey(),
        table.description().replicaIdentityName(), plan.splits().size(), plan.kind().name(), rowsRead, rowsWritten,
        deltaVersion, true);
  }
}
