package io.seam.backfill;

import io.seam.core.Lsn;

/**
 * Called once the seam exists and before any split is read: the demo reports it, and tests commit
 * changes here to prove they stay out of the backfill and arrive through the slot instead.
 */
@FunctionalInterface
public interface SeamHook {
  SeamHook NONE = seam -> { };

  void seamCreated(Lsn seam);
}
