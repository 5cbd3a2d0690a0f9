package io.seam.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh database on the local stack's PostgreSQL for one test class, dropped (with its slots) at
 * close, so tests never see each other's tables, publications or slots.
 */
public final class TestDatabase implements AutoCloseable {
  private final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  public static TestDatabase create(String purpose) {
    return create(purpose, "");
  }

  /**
   * A database created with further {@code CREATE DATABASE} options, e.g. {@code TEMPLATE template0
   * LOCALE_PROVIDER icu ICU_LOCALE 'en-US'} for one whose text sorts by a linguistic collation.
   */
  public static TestDatabase create(String purpose, String options) {
    LocalStack.ensureUp();
    String name = "t_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name + (options.isBlank() ? "" : " " + options));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return new TestDatabase(name);
  }

  public String name() {
    return name;
  }

  public Connection connect() {
    return connect(name);
  }

  private static Connection connect(String db) {
    Properties p = new Properties();
    p.setProperty("user", LocalStack.pgUser());
    p.setProperty("password", LocalStack.pgPassword());
    try {
      return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + LocalStack.pgPort() + "/" + db, p);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to test database " + db + ": " + e.getMessage(), e);
    }
  }

  /** Runs statements in one autocommit connection. */
  public void sql(String... statements) {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
    }
  }

  /** The first column of every row of a query, as strings. */
  public List<String> column(String query) {
    List<String> out = new ArrayList<>();
    try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + e.getMessage(), e);
    }
    return out;
  }

  public String scalar(String query) {
    List<String> rows = column(query);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /**
   * A migration config for this database. {@code tablesYaml} is the YAML list under {@code tables:};
   * {@code extraYaml} holds further top-level sections (backfill:, replication: ...).
   */
  public String migrationYaml(String tablesYaml, Path target, String slot, String extraYaml) {
    return "source:\n"
        + "  host: 127.0.0.1\n"
        + "  port: " + LocalStack.pgPort() + "\n"
        + "  database: " + name + "\n"
        + "  user: " + LocalStack.pgUser() + "\n"
        + "  password_file: " + LocalStack.pgPasswordFile() + "\n"
        + "tables:\n" + tablesYaml.stripTrailing() + "\n"
        + "target:\n"
        + "  path: " + target + "\n"
        + "replication:\n"
        + "  slot: " + slot + "\n"
        + "  publication: " + slot + "_pub\n"
        + extraYaml;
  }

  @Override
  public void close() {
    try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
      releaseSlots(st);
      st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
          + " WHERE database = '" + name + "'");
      endOwnSessions(st);
      st.execute("DROP DATABASE IF EXISTS " + name);
    } catch (SQLException | InterruptedException e) {
      throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Ends this role's sessions in the database (a test's pool, a Spark JDBC reader) and waits until they are
   * gone. Not {@code DROP DATABASE ... WITH (FORCE)}: that refuses a non-superuser outright when an
   * autovacuum worker, which has no role, is in the database at that moment, where a plain DROP DATABASE
   * stops the worker itself and waits for it.
   */
  private void endOwnSessions(Statement st) throws SQLException, InterruptedException {
    String own = " FROM pg_stat_activity WHERE datname = '" + name + "' AND usename = current_user"
        + " AND pid <> pg_backend_pid()";
    st.execute("SELECT pg_terminate_backend(pid)" + own);
    for (int waited = 0; waited < 100 && count(st, "SELECT count(*)" + own) > 0; waited++) {
      Thread.sleep(100);
    }
  }

  /**
   * A stopped Debezium's walsender can hold its slot a moment after the process has exited, and
   * DROP DATABASE refuses while any slot is active: wait for it, then end a walsender that lingers.
   */
  private void releaseSlots(Statement st) throws SQLException, InterruptedException {
    String active = "SELECT count(*) FROM pg_replication_slots WHERE database = '" + name + "' AND active";
    for (int waited = 0; waited < 100 && count(st, active) > 0; waited++) {
      if (waited == 50) {
        st.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
            + " WHERE database = '" + name + "' AND active");
      }
      Thread.sleep(200);
    }
  }

  private static long count(Statement st, String query) throws SQLException {
    try (ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
