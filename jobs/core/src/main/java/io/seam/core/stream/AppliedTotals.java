package io.seam.core.stream;

/**
 * What the stream has applied, over the batches the progress table records ({@link StreamPosition#totals()}):
 * batches of heartbeats alone write no progress row, so they are not counted.
 *
 * @param appliedLsn the applied position (the commit LSN of the last transaction wholly applied), or null
 * @param lastBatchLagSeconds the commit-to-visible lag of the newest batch that carried a source commit: from its
 *     newest source commit to the batch's end; null before the first such batch
 * @param lastBatchAt when that batch finished (ISO-8601), or null
 */
public record AppliedTotals(long batches, long events, long changes, long deadLetters, String appliedLsn,
    Double lastBatchLagSeconds, String lastBatchAt) {

  public static final AppliedTotals NONE = new AppliedTotals(0, 0, 0, 0, null, null, null);
}
