package io.seam.backfill.writer;

import io.seam.core.Lsn;
import java.time.Instant;

/** What every backfilled row and table records about the seam it was read at. */
public record SeamStamp(String slot, Lsn seam, String snapshotName, Instant snapshotTime) {}
