package io.seam.core.snapshot;

import io.seam.core.pg.Identifiers;

/**
 * The SQL that puts a split's read inside the exported snapshot, and a guard that proves it did.
 *
 * <p>Spark's JDBC source runs {@code sessionInitStatement} on the split's connection before its
 * SELECT; with fetch size > 0 the PostgreSQL dialect has already turned autocommit off, so the
 * explicit {@code BEGIN} and the snapshot import share the SELECT's transaction. With autocommit on
 * (fetch size 0, or a future Spark that reorders these steps) the import would run in a transaction
 * of its own and the SELECT would silently read the live table. The guard makes that impossible to
 * miss: the import also sets a transaction-local marker, and every split's predicate fails the read
 * with a clear error unless the marker is visible in the SELECT's own transaction.
 */
public final class SnapshotSession {
  static final String MARKER = "seam.snapshot";

  private SnapshotSession() {}

  public static String initStatement(String snapshotName) {
    String name = Identifiers.literal(snapshotName);
    return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT " + name
        + "; SET LOCAL " + MARKER + " = " + name;
  }

  /**
   * A connection of the driver inside the exported snapshot (autocommit off, read only), for reads
   * that are not Spark's; roll it back and close it when done.
   */
  public static java.sql.Connection open(io.seam.core.pg.PgConnections connections, String snapshotName)
      throws java.sql.SQLException {
    java.sql.Connection c = connections.open();
    try {
      enter(c, snapshotName);
      return c;
    } catch (java.sql.SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Starts a read-only repeatable-read transaction on {@code c} whose first act imports the snapshot. */
  public static void enter(java.sql.Connection c, String snapshotName) throws java.sql.SQLException {
    c.setAutoCommit(false);
    try (java.sql.Statement st = c.createStatement()) {
      st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      st.execute("SET TRANSACTION SNAPSHOT " + Identifiers.literal(snapshotName));
    }
  }

  /** A predicate that is true inside the snapshot's transaction and raises an error anywhere else. */
  public static String guardPredicate(String snapshotName) {
    String name = Identifiers.literal(snapshotName);
    String marker = "current_setting('" + MARKER + "', true)";
    return "(SELECT CASE WHEN " + marker + " = " + name + " THEN true ELSE ("
        + Identifiers.literal("seam: this split is not reading inside the exported snapshot " + snapshotName
            + " (the snapshot import ran in another transaction); marker found: ")
        + " || coalesce(nullif(" + marker + ", ''), 'none'))::boolean END)";
  }
}
