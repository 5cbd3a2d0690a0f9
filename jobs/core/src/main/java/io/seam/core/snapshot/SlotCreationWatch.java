package io.seam.core.snapshot;

import io.seam.core.DaemonThreads;
import io.seam.core.pg.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Says what a slot's creation is waiting for, while it waits. A logical slot's exported snapshot needs every
 * transaction running when it is created to end first, so one transaction left open (a session idle in
 * transaction, a long report) holds the freeze for as long as it stays open, and the creating connection says
 * nothing meanwhile. This watch asks PostgreSQL, on a connection of its own, which sessions block the creating
 * backend ({@code pg_blocking_pids}) and reports them every {@link #REPORT_EVERY}; past the wait limit it cancels
 * the creation, and {@link #timedOut} names what held it.
 */
public final class SlotCreationWatch implements AutoCloseable {
  static final Duration FIRST_REPORT = Duration.ofSeconds(5);
  static final Duration REPORT_EVERY = Duration.ofSeconds(15);

  /** A session the creation waits for, as {@code pg_stat_activity} shows it. */
  public record Blocker(int pid, String user, String application, String state, Duration transactionAge,
      Optional<Instant> queryStart, String queryStartText) {

    /** {@code pid 4242 (user app, psql, idle in transaction, transaction open 71 s, last query at ...: UPDATE ...)} */
    public String describe() {
      return "pid " + pid + " (user " + user + (application.isEmpty() ? "" : ", " + application) + ", " + state
          + ", transaction open " + transactionAge.toSeconds() + " s"
          + queryStart.map(t -> ", its last query started " + t + ": " + queryStartText).orElse("") + ")";
    }
  }

  /**
   * How long to wait and what to say: the setting that bounds the wait (named in every message), or no bound.
   *
   * @param limit cancel the creation after this long, if set
   * @param setting the configuration key that sets the limit, for the messages
   */
  public record Limit(Optional<Duration> limit, String setting) {
    public static Limit none(String what) {
      return new Limit(Optional.empty(), what);
    }
  }

  private static final int QUERY_TEXT = 80;

  private final PgConnections connections;
  private final int creatingPid;
  private final String slot;
  private final Limit limit;
  private final Consumer<String> say;
  private final Instant start = Instant.now();
  private final ScheduledExecutorService timer;
  private volatile String timedOut;
  private volatile List<Blocker> lastBlockers = List.of();

  private SlotCreationWatch(PgConnections connections, int creatingPid, String slot, Limit limit,
      Consumer<String> say) {
    this.connections = connections;
    this.creatingPid = creatingPid;
    this.slot = slot;
    this.limit = limit;
    this.say = say;
    this.timer = DaemonThreads.scheduler("seam-slot-watch");
  }

  /** Starts watching the backend {@code creatingPid}, which is about to create {@code slot}. */
  public static SlotCreationWatch start(PgConnections connections, int creatingPid, String slot, Limit limit,
      Consumer<String> say) {
    SlotCreationWatch w = new SlotCreationWatch(connections, creatingPid, slot, limit, say);
    w.timer.scheduleWithFixedDelay(w::check, FIRST_REPORT.toMillis(), REPORT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    limit.limit().ifPresent(l -> w.timer.schedule(w::cancel, l.toMillis(), TimeUnit.MILLISECONDS));
    return w;
  }

  /** Why the creation was cancelled, if the wait limit cancelled it. */
  public Optional<String> timedOut() {
    return Optional.ofNullable(timedOut);
  }

  private void check() {
    try (Connection c = connections.open()) {
      List<Blocker> blockers = blockers(c);
      lastBlockers = blockers;
      long waited = Duration.between(start, Instant.now()).toSeconds();
      say.accept("creating slot " + slot + " has waited " + waited + " s for "
          + (blockers.isEmpty() ? "transactions running when it started to end (none holds a lock it waits on now)"
              : String.join("; ", blockers.stream().map(Blocker::describe).toList()) + " to end")
          + ": a logical slot's snapshot needs every transaction open at its creation to finish first"
          + limit.limit().map(l -> " (the wait ends after " + l.toSeconds() + " s: " + limit.setting() + ")")
              .orElse(" (" + limit.setting() + ")"));
    } catch (SQLException | RuntimeException e) {
      say.accept("creating slot " + slot + ": cannot tell what it waits for: " + e.getMessage());
    }
  }

  private void cancel() {
    try (Connection c = connections.open()) {
      List<Blocker> blockers = blockers(c);
      if (!blockers.isEmpty()) {
        lastBlockers = blockers;
      }
      timedOut = "creating slot " + slot + " waited " + limit.limit().orElseThrow().toSeconds() + " s ("
          + limit.setting() + ") for "
          + (lastBlockers.isEmpty() ? "transactions open when it started"
              : String.join("; ", lastBlockers.stream().map(Blocker::describe).toList()))
          + " to end, and was cancelled. A logical slot's snapshot needs every transaction open at its creation to"
          + " finish: end or terminate that session (SELECT pg_terminate_backend(<pid>)), or raise "
          + limit.setting();
      try (PreparedStatement st = c.prepareStatement("SELECT pg_cancel_backend(?)")) {
        st.setInt(1, creatingPid);
        st.execute();
      }
    } catch (SQLException | RuntimeException e) {
      say.accept("creating slot " + slot + ": cannot cancel it after " + limit.setting() + ": " + e.getMessage());
    }
  }

  private List<Blocker> blockers(Connection c) throws SQLException {
    List<Blocker> out = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement("SELECT pid, usename, application_name, state,"
        + " EXTRACT(EPOCH FROM now() - xact_start)::bigint, query_start, left(query, " + QUERY_TEXT + ")"
        + " FROM pg_stat_activity WHERE pid = ANY (pg_blocking_pids(?)) ORDER BY xact_start")) {
      st.setInt(1, creatingPid);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          java.sql.Timestamp q = rs.getTimestamp(6);
          out.add(new Blocker(rs.getInt(1), String.valueOf(rs.getString(2)), String.valueOf(rs.getString(3)),
              Optional.ofNullable(rs.getString(4)).orElse("state not visible to this role: pg_read_all_stats shows it"),
              Duration.ofSeconds(rs.getLong(5)),
              Optional.ofNullable(q).map(java.sql.Timestamp::toInstant),
              String.valueOf(rs.getString(7)).replaceAll("\\s+", " ").strip()));
        }
      }
    }
    return out;
  }

  /** The backend id of a connection (a replication connection answers plain SQL in database mode). */
  public static int backendPid(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
