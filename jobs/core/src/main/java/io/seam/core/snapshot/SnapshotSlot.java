package io.seam.core.snapshot;

import io.seam.core.Lsn;
import io.seam.core.pg.Identifiers;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.SourceErrors;
import io.seam.core.pg.SourceException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A logical replication slot created with an exported snapshot: its consistent point is an exact log
 * position and its snapshot shows exactly the transactions committed at or before it. The backfill's
 * slot is the seam (the change stream starts there); parity's freeze uses a temporary one that
 * PostgreSQL drops when the connection closes. The snapshot lives only while this object's
 * replication connection stays open and idle, so nothing is ever sent on it after creation: close
 * it when every read inside the snapshot is done.
 */
public final class SnapshotSlot implements AutoCloseable {
  private final String slot;
  private final Lsn consistentPoint;
  private final String snapshotName;
  private final Instant createdAt;
  private final Connection holder;

  private SnapshotSlot(String slot, Lsn consistentPoint, String snapshotName, Instant createdAt, Connection holder) {
    this.slot = slot;
    this.consistentPoint = consistentPoint;
    this.snapshotName = snapshotName;
    this.createdAt = createdAt;
    this.holder = holder;
  }

  /**
   * Creates the slot on a new replication connection and keeps that connection for the snapshot's sake. While
   * the creation waits for open transactions, {@code say} hears which ones, every few seconds.
   */
  public static SnapshotSlot create(PgConnections connections, String slot, SlotCreationWatch.Limit limit,
      Consumer<String> say) {
    return create(connections, slot, false, limit, say);
  }

  /** A slot that lives only as long as this object: PostgreSQL drops it when the connection closes. */
  public static SnapshotSlot createTemporary(PgConnections connections, String slot, SlotCreationWatch.Limit limit,
      Consumer<String> say) {
    return create(connections, slot, true, limit, say);
  }

  private static SnapshotSlot create(PgConnections connections, String slot, boolean temporary,
      SlotCreationWatch.Limit limit, Consumer<String> say) {
    Connection conn = connections.openReplication();
    SlotCreationWatch watch = null;
    try (Statement st = conn.createStatement()) {
      watch = SlotCreationWatch.start(connections, SlotCreationWatch.backendPid(conn), slot, limit, say);
      try (ResultSet rs = st.executeQuery("CREATE_REPLICATION_SLOT " + Identifiers.quote(slot)
          + (temporary ? " TEMPORARY" : "") + " LOGICAL pgoutput EXPORT_SNAPSHOT")) {
        rs.next();
        SnapshotSlot s = new SnapshotSlot(rs.getString("slot_name"), Lsn.parse(rs.getString("consistent_point")),
            rs.getString("snapshot_name"), Instant.now(), conn);
        if (s.snapshotName == null) {
          throw new SourceException("PostgreSQL created slot " + slot + " without exporting a snapshot");
        }
        return s;
      }
    } catch (SQLException e) {
      closeQuietly(conn);
      if (watch != null && watch.timedOut().isPresent()) {
        throw new SourceException(watch.timedOut().get());
      }
      if ("42710".equals(e.getSQLState())) {
        throw new SourceException("replication slot " + slot + " already exists (replication.slot): "
            + "re-run the backfill with --restart to drop it and start over, or choose another slot name", e);
      }
      if ("55000".equals(e.getSQLState()) || String.valueOf(e.getMessage()).contains("wal_level")) {
        throw new SourceException("cannot create slot " + slot + ": " + e.getMessage()
            + "; the source needs wal_level = logical (set it and restart PostgreSQL)", e);
      }
      throw SourceErrors.during("creating replication slot " + slot, e);
    } catch (RuntimeException e) {
      closeQuietly(conn);
      throw e;
    } finally {
      if (watch != null) {
        watch.close();
      }
    }
  }

  public String slot() {
    return slot;
  }

  public Lsn consistentPoint() {
    return consistentPoint;
  }

  public String snapshotName() {
    return snapshotName;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** Releases the exported snapshot; a permanent slot stays (for the change stream), a temporary one goes. */
  @Override
  public void close() {
    closeQuietly(holder);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // The snapshot dies with the connection either way.
    }
  }
}
