package io.seam.core.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The migration's publication and slot on the source, on a plain (non-replication) connection: the backfill
 * creates them, a re-seam and {@code bin/seam finish} drop them, {@code stream status} reads the slot's state.
 */
public final class ReplicationObjects {
  private final Connection conn;

  public ReplicationObjects(Connection conn) {
    this.conn = conn;
  }

  /** State of an existing slot: whether a consumer holds it and how much WAL it keeps. */
  public record SlotState(String slot, boolean active, String plugin, String restartLsn, long retainedWalBytes) {}

  public Optional<SlotState> slot(String slot) {
    String sql = "SELECT active, plugin, restart_lsn::text,"
        + " COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint"
        + " FROM pg_replication_slots WHERE slot_name = ? AND database = current_database()";
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setString(1, slot);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new SlotState(slot, rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
      }
    } catch (SQLException e) {
      throw SourceErrors.during("looking up replication slot " + slot, e);
    }
  }

  /**
   * Drops the slot if it exists; refuses while a consumer reads it.
   *
   * @param before what the caller is about to do, for the message ("restarting the backfill")
   */
  public void dropSlot(String slot, String before) {
    Optional<SlotState> state = slot(slot);
    if (state.isEmpty()) {
      return;
    }
    if (state.get().active()) {
      throw new SourceException("replication slot " + slot + " is in use by a running consumer (Debezium?): "
          + "stop the stream (bin/seam stream stop) before " + before);
    }
    try (PreparedStatement st = conn.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
      st.setString(1, slot);
      st.execute();
    } catch (SQLException e) {
      throw SourceErrors.during("dropping replication slot " + slot, e);
    }
  }

  /**
   * Makes the publication list exactly the migrated tables. It must exist before the slot, so that
   * the slot's decoding sees it from the seam on.
   */
  public void ensurePublication(String publication, List<TableRef> tables) {
    List<String> quoted = new ArrayList<>();
    tables.forEach(t -> quoted.add(t.quoted()));
    String list = String.join(", ", quoted);
    try (Statement st = conn.createStatement()) {
      Optional<Set<TableRef>> existing = publicationTables(publication);
      if (existing.isEmpty()) {
        st.execute("CREATE PUBLICATION " + Identifiers.quote(publication) + " FOR TABLE " + list);
      } else if (!existing.get().equals(new HashSet<>(tables))) {
        st.execute("ALTER PUBLICATION " + Identifiers.quote(publication) + " SET TABLE " + list);
      }
    } catch (SQLException e) {
      throw new SourceException("cannot create or update publication " + publication + " (replication.publication): "
          + e.getMessage() + ". It needs table ownership (or have a DBA run: CREATE PUBLICATION "
          + Identifiers.quote(publication) + " FOR TABLE " + list + ")", e);
    }
  }

  private Optional<Set<TableRef>> publicationTables(String publication) throws SQLException {
    try (PreparedStatement exists = conn.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
      exists.setString(1, publication);
      try (ResultSet rs = exists.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
      }
    }
    Set<TableRef> out = new HashSet<>();
    try (PreparedStatement st = conn.prepareStatement(
        "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?")) {
      st.setString(1, publication);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(new TableRef(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return Optional.of(out);
  }

  /** Drops the publication if it exists. */
  public void dropPublication(String publication) {
    try (Statement st = conn.createStatement()) {
      st.execute("DROP PUBLICATION IF EXISTS " + Identifiers.quote(publication));
    } catch (SQLException e) {
      throw new SourceException("cannot drop publication " + publication + " (replication.publication): "
          + e.getMessage() + ". It needs its owner (or have a DBA run: DROP PUBLICATION "
          + Identifiers.quote(publication) + ")", e);
    }
  }
}
