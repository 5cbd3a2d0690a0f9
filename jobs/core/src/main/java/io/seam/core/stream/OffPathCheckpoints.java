package io.seam.core.stream;

import io.seam.core.spark.DeltaSnapshots;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;

/**
 * Delta checkpoints of the tables every micro-batch commits to (the change log, the progress table), written by
 * the compactor's thread instead of by the batch whose commit reaches a multiple of ten. A checkpoint rebuilds
 * the table's whole state and writes it with Spark jobs: that batch took 5-11 s instead of 2 s under load
 * (BENCHMARKS.md). Delta writes one on its own only every {@link #INTERVAL} commits, which the compactor's
 * checkpoints every round keep from coming; readers replay at most a round's commits past the last one.
 */
public final class OffPathCheckpoints {
  /** {@code delta.checkpointInterval} of those tables. */
  public static final int INTERVAL = 1000;
  public static final String PROPERTY = "delta.checkpointInterval";

  private OffPathCheckpoints() {}

  /** Sets the tables' checkpoint interval when it is not {@link #INTERVAL} (a table created before it was). */
  public static void ensure(SparkSession spark, String path) {
    Snapshot snapshot = DeltaSnapshots.latest(spark, path);
    if (snapshot.version() >= 0
        && !Integer.toString(INTERVAL).equals(snapshot.metadata().configuration().getOrElse(PROPERTY, () -> ""))) {
      spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` SET TBLPROPERTIES ('" + PROPERTY + "' = '"
          + INTERVAL + "')");
    }
  }

  /**
   * Writes a checkpoint of the table's latest version (and cleans up expired commit files) when at least
   * {@code commits} commits came since its last one. Returns whether it wrote one.
   */
  public static boolean writeIfBehind(SparkSession spark, String path, long commits) {
    Snapshot snapshot = DeltaSnapshots.latest(spark, path);
    if (snapshot.version() < 0 || snapshot.version() - snapshot.logSegment().checkpointProvider().version() < commits) {
      return false;
    }
    snapshot.deltaLog().checkpointAndCleanUpDeltaLog(snapshot, scala.Option.empty());
    return true;
  }
}
