package io.seam.core.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Catalog look-ups on the source: server settings and the shape of each migrated table. */
public final class PgCatalog {
  private final Connection conn;

  public PgCatalog(Connection conn) {
    this.conn = conn;
  }

  public String setting(String name) {
    try (PreparedStatement st = conn.prepareStatement("SELECT current_setting(?)")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw SourceErrors.during("reading setting " + name, e);
    }
  }

  public int serverVersionNum() {
    return Integer.parseInt(setting("server_version_num"));
  }

  /** The table's description, or an error naming it when it does not exist. */
  public TableDescription describe(TableRef table) {
    try {
      long oid;
      char relkind;
      long size;
      long rows;
      char identity;
      try (PreparedStatement st = conn.prepareStatement(
          "SELECT c.oid, c.relkind, pg_relation_size(c.oid), c.reltuples::bigint, c.relreplident,"
              + " current_setting('block_size')::int"
              + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
        st.setString(1, table.schema());
        st.setString(2, table.name());
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next()) {
            throw new SourceException("table " + table + " does not exist in the source database (or is not a table);"
                + " check tables[].name: unquoted names are lower-cased, quote mixed-case ones like public.\"Orders\"");
          }
          oid = rs.getLong(1);
          relkind = rs.getString(2).charAt(0);
          size = rs.getLong(3);
          rows = Math.max(0, rs.getLong(4));
          identity = rs.getString(5).charAt(0);
          int block = rs.getInt(6);
          return new TableDescription(table, relkind, size, block, rows, identity, columns(oid), primaryKey(oid));
        }
      }
    } catch (SQLException e) {
      throw SourceErrors.during("describing table " + table, e);
    }
  }

  /**
   * Whether a column was added with a default that PostgreSQL fills into existing rows without
   * rewriting them ({@code atthasmissing}): those values never appear in the change stream.
   */
  public boolean filledByDefault(TableRef table, String column) {
    String sql = "SELECT a.atthasmissing FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND a.attname = ?";
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setString(1, table.schema());
      st.setString(2, table.name());
      st.setString(3, column);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw SourceErrors.during("reading column " + column + " of " + table, e);
    }
  }

  private List<ColumnInfo> columns(long oid) throws SQLException {
    String sql = "SELECT a.attname, a.attnum, format_type(a.atttypid, a.atttypmod), bt.typname, bt.typtype,"
        + " CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END, a.attnotnull, et.typname, et.typtype"
        + " FROM pg_attribute a"
        + " JOIN pg_type t ON t.oid = a.atttypid"
        + " JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END"
        + " LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'"
        + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    List<ColumnInfo> out = new ArrayList<>();
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setLong(1, oid);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String elem = rs.getString(8);
          String elemKind = rs.getString(9);
          out.add(new ColumnInfo(rs.getString(1), rs.getInt(2), rs.getString(4), rs.getString(3),
              rs.getString(5).charAt(0), rs.getInt(6), rs.getBoolean(7), elem,
              elemKind == null ? 0 : elemKind.charAt(0)));
        }
      }
    }
    return out;
  }

  private List<String> primaryKey(long oid) throws SQLException {
    String sql = "SELECT a.attname FROM pg_index i"
        + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
        + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
        + " WHERE i.indrelid = ? AND i.indisprimary ORDER BY k.ord";
    List<String> out = new ArrayList<>();
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setLong(1, oid);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
