package io.seam.cdc.merge;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How one table's fold of changes into its base table runs, decided from figures alone (no Spark): whether the
 * changes need reducing to the latest per key, whether they are broadcast to the MERGE, and whether it is one
 * MERGE or an update MERGE followed, when needed, by an insert MERGE. {@code TableCompaction} executes it.
 *
 * @param latestPerKey some key changed more than once: the changes are reduced to each key's latest (a sort of
 *     every change, which is skipped when every change is already its key's latest: a drain, scattered updates)
 * @param broadcast the update MERGE's changes are few enough keys to broadcast: Delta otherwise shuffles the whole
 *     target to join it with a source of unknown size (about a gigabyte per pass for 10 M rows). Only the update
 *     MERGE joins inner; a MERGE that also inserts joins outer, keeping every change, and cannot broadcast them
 * @param shape one MERGE with both clauses, or updates then inserts
 */
public record FoldChoice(boolean latestPerKey, boolean broadcast, Shape shape) {

  /** The MERGEs of a fold, in {@link MergePlan}'s terms. */
  public enum Shape {
    /** {@link MergePlan#renderUpserts}: one statement, one commit; for a small target. */
    UPSERTS,
    /** {@link MergePlan#renderUpdates}, then {@link MergePlan#renderInserts} when {@link #insertsAfter} says so. */
    UPDATES_THEN_INSERTS
  }

  /**
   * @param changes the table's changes to fold
   * @param distinctKeys how many keys they touch
   * @param broadcastMaxKeys at most this many keys are broadcast (0: never)
   * @param combinedMergeMaxTargetMb a target of at most this size takes one MERGE (0: never)
   * @param targetBytes the target's size, asked only when the combined MERGE is enabled
   */
  public static FoldChoice of(long changes, long distinctKeys, int broadcastMaxKeys, int combinedMergeMaxTargetMb,
      LongSupplier targetBytes) {
    if (distinctKeys > changes || distinctKeys < 0) {
      throw new IllegalArgumentException("distinct keys " + distinctKeys + " of " + changes + " changes");
    }
    boolean combined = combinedMergeMaxTargetMb > 0
        && targetBytes.getAsLong() <= combinedMergeMaxTargetMb * 1024L * 1024L;
    return new FoldChoice(distinctKeys < changes, !combined && broadcastMaxKeys > 0 && distinctKeys <= broadcastMaxKeys,
        combined ? Shape.UPSERTS : Shape.UPDATES_THEN_INSERTS);
  }

  /**
   * Whether the insert MERGE must follow the update MERGE. Every key updated means every key was in the target:
   * nothing to insert, and no second pass over the target's keys. Otherwise (new keys, stale versions, or an
   * update MERGE Delta skipped as already committed, which returns no row) the insert step decides.
   *
   * @param updated the update MERGE's num_affected_rows, empty when it returned no row
   */
  public static boolean insertsAfter(Optional<Long> updated, long distinctKeys) {
    return updated.isEmpty() || updated.get() < distinctKeys;
  }
}
