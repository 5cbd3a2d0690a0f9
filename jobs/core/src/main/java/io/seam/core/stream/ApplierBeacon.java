package io.seam.core.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seam.core.config.TargetConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Where and whether the apply job runs, as the job itself records it beside the lake ({@code _seam/stream/
 * applier.json}): its driver's host and process, the Spark master and application, when it started, when it
 * last said it was alive ({@link #INTERVAL}) and, after a stop it lived through, when and why it stopped.
 * {@code stream status} answers from this, so it is true wherever the driver runs (a cluster, another host),
 * not only where {@code bin/seam stream start} keeps its process ids.
 *
 * <p>Alive means seen within {@link #LOST_AFTER} by the reader's clock: the hosts' clocks must agree to well
 * within that (NTP does). A driver killed with {@code kill -9}, or whose machine went away, records no stop; it
 * is then reported as lost once it has not been seen for that long.
 */
public record ApplierBeacon(String host, long pid, String master, String applicationId, String mode,
    Instant startedAt, Instant seenAt, Instant stoppedAt, String stopReason) {
  public static final String FILE = "stream/applier.json";
  /** How often a running apply job records that it is alive. */
  public static final Duration INTERVAL = Duration.ofSeconds(10);
  /** Not seen for this long and no stop recorded: the driver is gone. */
  public static final Duration LOST_AFTER = INTERVAL.multipliedBy(3);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a reader concludes at a moment. */
  public enum State { RUNNING, STOPPED, LOST }

  public State state(Instant now) {
    if (stoppedAt != null) {
      return State.STOPPED;
    }
    return Duration.between(seenAt, now).compareTo(LOST_AFTER) <= 0 ? State.RUNNING : State.LOST;
  }

  public ApplierBeacon seen(Instant at) {
    return new ApplierBeacon(host, pid, master, applicationId, mode, startedAt, at, null, null);
  }

  public ApplierBeacon stopped(Instant at, String reason) {
    return new ApplierBeacon(host, pid, master, applicationId, mode, startedAt, at, at, reason);
  }

  /** The line {@code stream status} prints for the apply job. */
  public String line(Instant now) {
    String where = "driver on " + host + " (pid " + pid + ", " + master + ", " + applicationId + ")";
    return switch (state(now)) {
      case RUNNING -> "apply-cdc   up    " + where + ", " + mode.toLowerCase().replace('_', '-') + ", alive "
          + Duration.between(seenAt, now).toSeconds() + " s ago";
      case STOPPED -> "apply-cdc   down  stopped at " + stoppedAt + " (" + stopReason + "); last ran as " + where;
      case LOST -> "apply-cdc   down  not seen since " + seenAt + " and no stop recorded: the " + where
          + " was killed or lost its machine; start it again (bin/seam stream start --config FILE)";
    };
  }

  public static Path path(TargetConfig target) {
    return new Path(target.seamPath(FILE));
  }

  /** The apply job's record for this lake; empty before it first ran. */
  public static Optional<ApplierBeacon> read(TargetConfig target, Configuration hadoop) {
    Path file = path(target);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(file)) {
        return Optional.of(fromJson(JSON.readTree(in)));
      }
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();  // replaced between the check and the open; the next read sees the new one
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the apply job's status " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the record in one step (a temporary file renamed over it), so a reader never sees half of it. */
  public void write(TargetConfig target, Configuration hadoop) {
    Path file = path(target);
    Path tmp = new Path(file.getParent(), "." + file.getName() + "." + pid + ".tmp");
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      fs.mkdirs(file.getParent());
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(JSON.writeValueAsBytes(toJson()));
      }
      FileContext.getFileContext(file.toUri(), hadoop).rename(tmp, file, Options.Rename.OVERWRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the apply job's status " + file + ": " + e.getMessage(), e);
    }
  }

  /** The record as stored, and as {@code stream status --json} shows it (times as ISO-8601 instants). */
  public ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("host", host).put("pid", pid).put("master", master).put("applicationId", applicationId).put("mode", mode)
        .put("startedAt", startedAt.toString()).put("seenAt", seenAt.toString())
        .put("stoppedAt", stoppedAt == null ? null : stoppedAt.toString()).put("stopReason", stopReason);
    return n;
  }

  static ApplierBeacon fromJson(JsonNode n) {
    return new ApplierBeacon(n.path("host").asText(), n.path("pid").asLong(), n.path("master").asText(),
        n.path("applicationId").asText(), n.path("mode").asText(), Instant.parse(n.path("startedAt").asText()),
        Instant.parse(n.path("seenAt").asText()), instant(n.get("stoppedAt")),
        n.hasNonNull("stopReason") ? n.get("stopReason").asText() : null);
  }

  private static Instant instant(JsonNode n) {
    return n == null || n.isNull() ? null : Instant.parse(n.asText());
  }
}
