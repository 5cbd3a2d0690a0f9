package io.seam.core.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seam.core.Lsn;
import io.seam.core.config.TargetConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A parity run's request to the compactor ({@code _seam/holds/<run>.json}): fold into the base tables no change
 * committed after the run's freeze F, and vacuum no file of the change log, until the run removes the hold.
 * The base tables then hold the source exactly as of some point at or before F, the log holds every change
 * since, and the target exactly as of F is the base overlaid with the log's changes below F's cut
 * (docs/parity.md, "The target as of F"). Written before the freeze is taken, when F is not known yet: the
 * compactor then folds no streamed change at all until the run names F.
 *
 * <p>A run renews its hold every {@link #RENEW_EVERY}; the compactor ignores (and says so) a hold not renewed
 * for {@link #EXPIRY}, which is what a killed parity run leaves behind, so the log does not grow for ever.
 *
 * @param runId the parity run holding
 * @param freeze F, once the run has taken it
 * @param renewedAt when the run last wrote the hold
 */
public record FreezeHold(String runId, Optional<Lsn> freeze, Instant renewedAt) {
  public static final String DIR = "holds";
  public static final Duration RENEW_EVERY = Duration.ofMinutes(1);
  public static final Duration EXPIRY = Duration.ofMinutes(10);
  /** How far the parity run's clock may be off the compactor's (they may run on different hosts). */
  public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether the compactor honours the hold at {@code now}: renewed less than {@link #EXPIRY} ago. */
  public boolean liveAt(Instant now) {
    return renewedAt.plus(EXPIRY).isAfter(now);
  }

  /**
   * Whether a run whose renewals were at most {@code longestGap} apart (or since the last one) was held
   * throughout, by any compactor whose clock is within {@link #CLOCK_SKEW_ALLOWANCE} of the run's.
   */
  public static boolean keptThroughout(Duration longestGap) {
    return longestGap.plus(CLOCK_SKEW_ALLOWANCE).compareTo(EXPIRY) < 0;
  }

  public void write(TargetConfig target, Configuration hadoop) {
    Path file = file(target, runId);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", runId);
    freeze.ifPresent(f -> m.put("freezeLsn", f.toString()));
    m.put("renewedAt", renewedAt.toString());
    try (OutputStream out = file.getFileSystem(hadoop).create(file, true)) {
      out.write(JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write parity's hold on the compactor " + file + ": " + e.getMessage(), e);
    }
  }

  public static void remove(TargetConfig target, String runId, Configuration hadoop) {
    Path file = file(target, runId);
    try {
      file.getFileSystem(hadoop).delete(file, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove parity's hold on the compactor " + file + ": " + e.getMessage()
          + " (delete the file by hand; the compactor ignores it " + EXPIRY.toMinutes() + " minutes after"
          + " it was last renewed anyway)", e);
    }
  }

  /**
   * Every hold on file, live or not. A file that cannot be read (being written at this moment, or damaged)
   * counts as a hold without F, renewed when the file was last modified: that errs on the side of folding
   * less, never more, and still expires.
   */
  public static List<FreezeHold> read(TargetConfig target, Configuration hadoop) {
    Path dir = new Path(target.seamPath(DIR));
    List<FreezeHold> out = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus s : fs.listStatus(dir, p -> p.getName().endsWith(".json"))) {
        String run = s.getPath().getName().replaceFirst("\\.json$", "");
        out.add(parse(fs, s.getPath()).orElse(new FreezeHold(run, Optional.empty(),
            Instant.ofEpochMilli(s.getModificationTime()))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list parity's holds on the compactor in " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static Optional<FreezeHold> parse(FileSystem fs, Path file) {
    try (InputStream in = fs.open(file)) {
      JsonNode n = JSON.readTree(in);
      Optional<Lsn> freeze = n.hasNonNull("freezeLsn") ? Optional.of(Lsn.parse(n.get("freezeLsn").asText()))
          : Optional.empty();
      return Optional.of(new FreezeHold(n.get("runId").asText(), freeze, Instant.parse(n.get("renewedAt").asText())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Path file(TargetConfig target, String runId) {
    return new Path(target.seamPath(DIR), runId + ".json");
  }
}
