package io.seam.core.config;

import java.io.Serializable;

/**
 * Backfill tuning. Lives in core with the other sections so every job validates the whole file.
 *
 * @param splits splits per table; 0 plans them from the table's size and {@code targetSplitMb}
 * @param fetchSize rows per round trip of each split's server-side cursor; must be > 0, because
 *     with 0 the PostgreSQL driver stays in autocommit and the snapshot import is lost (JDBC reader only)
 * @param reader how splits are read: PostgreSQL's binary COPY (the default) or Spark's JDBC source
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

  public BackfillConfig {
    if (fetchSize <= 0) {
      throw new ConfigException("backfill.fetch_size must be > 0, got " + fetchSize
          + ": a split needs a server-side cursor inside the exported snapshot");
    }
  }
}
