package io.seam.parity.freeze;

import io.seam.core.Lsn;
import io.seam.core.pg.PgConnections;
import io.seam.parity.ParityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the stream has applied the frozen position: its applied position (a commit LSN, in
 * commit order) reaches F, so every transaction committed at or before F is in the target.
 *
 * <p>On a quiet source no transaction commits after F and the applied position never moves, so the
 * wait commits a heartbeat (at once by default: it costs one WAL record), a transactional logical decoding
 * message ({@code pg_logical_emit_message}): it touches no table, yet Debezium streams it as a transaction whose
 * END carries a commit LSN after F, and applying it moves the applied position past F.
 */
public final class StreamWait {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  static final String NUDGE_PREFIX = "seam-parity";

  private final Supplier<Optional<Lsn>> applied;
  private final PgConnections connections;
  private final String slot;
  private final Duration timeout;
  private final Duration nudgeAfter;

  public StreamWait(Supplier<Optional<Lsn>> applied, PgConnections connections, String slot, Duration timeout,
      Duration nudgeAfter) {
    this.applied = applied;
    this.connections = connections;
    this.slot = slot;
    this.timeout = timeout;
    this.nudgeAfter = nudgeAfter;
  }

  /** Returns the applied position once it is at or after {@code freeze}. */
  public Lsn await(Lsn freeze) {
    Instant start = Instant.now();
    Instant lastLog = start;
    boolean nudged = false;
    while (true) {
      // Before the poll, which can take seconds while parity reads the source alongside: one heartbeat is
      // enough, since once any transaction commits after F the stream reaches F when it has applied it.
      Duration waited = Duration.between(start, Instant.now());
      if (!nudged && waited.compareTo(nudgeAfter) >= 0) {
        nudge(freeze, waited);
        nudged = true;
      }
      Optional<Lsn> now = applied.get();
      if (now.isPresent() && !freeze.isAfter(now.get())) {
        LOG.info("stream has applied {} (freeze {}) after {} s", now.get(), freeze,
            Duration.between(start, Instant.now()).toSeconds());
        return now.get();
      }
      Instant t = Instant.now();
      waited = Duration.between(start, t);
      if (waited.compareTo(timeout) >= 0) {
        throw new ParityException(lagMessage(freeze, now, waited));
      }
      if (Duration.between(lastLog, t).toSeconds() >= 10) {
        LOG.info("waiting for the stream to apply the freeze {}: applied {} ({} s of {} s)", freeze,
            now.map(Lsn::toString).orElse("nothing yet"), waited.toSeconds(), timeout.toSeconds());
        lastLog = t;
      }
      sleep();
    }
  }

  /** A heartbeat transaction on the source (a quiet source would otherwise never move past F). */
  private void nudge(Lsn freeze, Duration waited) {
    try (Connection c = connections.open();
         PreparedStatement ps = c.prepareStatement("SELECT pg_logical_emit_message(true, ?, ?)")) {
      ps.setString(1, NUDGE_PREFIX);
      ps.setString(2, "freeze " + freeze);
      ps.executeQuery().close();
      LOG.info("committed a heartbeat on the source {}, so a quiet source cannot stall the wait",
          waited.toSeconds() == 0 ? "at the freeze" : "after " + waited.toSeconds() + " s without reaching the freeze");
    } catch (RuntimeException | SQLException e) {
      LOG.warn("cannot commit a heartbeat on the source ({}): parity waits for the source's own next commit;"
          + " grant EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) to the role to end waits"
          + " on a quiet source", e.getMessage());
    }
  }

  private String lagMessage(Lsn freeze, Optional<Lsn> now, Duration waited) {
    String applied = now.map(l -> "has applied up to " + l + " (" + mb(freeze.value() - l.value()) + " of WAL behind)")
        .orElse("has not applied any transaction yet");
    return "the stream did not reach the freeze position " + freeze + " within " + waited.toSeconds()
        + " s (parity.wait_timeout_seconds): it " + applied + "; " + slotState()
        + ". Is the stream running? Check bin/seam stream status --config FILE, then re-run parity";
  }

  private String slotState() {
    try (Connection c = connections.open();
         PreparedStatement ps = c.prepareStatement(
             "SELECT active, confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return "the seam slot " + slot + " does not exist any more: the change stream is broken; re-seam"
              + " (bin/seam backfill --config FILE --restart)";
        }
        return rs.getBoolean(1)
            ? "the seam slot " + slot + " is being read (Debezium has confirmed up to " + rs.getString(2)
                + "), so look at the apply-cdc job"
            : "the seam slot " + slot + " is not being read by anyone: Debezium Server is not running";
      }
    } catch (RuntimeException | SQLException e) {
      return "the seam slot's state is unknown (" + e.getMessage() + ")";
    }
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "0 MB" : String.format("%.1f MB", bytes / 1048576.0);
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ParityException("interrupted while waiting for the stream");
    }
  }
}
