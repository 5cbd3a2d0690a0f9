package io.seam.core.config;

import java.io.Serializable;

/**
 * Backfill tuning. Lives in core with the other sections so every job validates the whole file. Each component
 * is the {@code backfill.*} key of the same name; {@link MigrationOptions} defines its default, bounds and meaning.
 */
public record BackfillConfig(int splits, int targetSplitMb, int maxSplits, int fetchSize, int parallelTables,
    int progressIntervalSeconds, boolean deletionVectors, SplitReader reader) implements Serializable {

  /** How a split's rows leave PostgreSQL; both read inside the exported snapshot. */
  public enum SplitReader {
    /** {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)}, decoded straight into Spark's values. */
    COPY,
    /** Spark's JDBC source over a server-side cursor: row-at-a-time, several times slower; kept as a fallback. */
    JDBC
  }

  /** Within every bound its {@link MigrationOptions} definition sets, however it was built. */
  public BackfillConfig {
    MigrationOptions.BACKFILL_SPLITS.check(splits);
    MigrationOptions.BACKFILL_TARGET_SPLIT_MB.check(targetSplitMb);
    MigrationOptions.BACKFILL_MAX_SPLITS.check(maxSplits);
    MigrationOptions.BACKFILL_FETCH_SIZE.check(fetchSize);
    MigrationOptions.BACKFILL_PARALLEL_TABLES.check(parallelTables);
    MigrationOptions.BACKFILL_PROGRESS_INTERVAL_SECONDS.check(progressIntervalSeconds);
  }

  /** Every setting at its default: the section as the loader reads it with none of its keys given. */
  public static BackfillConfig defaults() {
    return MigrationConfigLoader.defaultBackfill();
  }

  /** The same settings with a fixed number of splits per table (0: planned from the table's size). */
  public BackfillConfig withSplits(int splitsPerTable) {
    return new BackfillConfig(splitsPerTable, targetSplitMb, maxSplits, fetchSize, parallelTables,
        progressIntervalSeconds, deletionVectors, reader);
  }
}
