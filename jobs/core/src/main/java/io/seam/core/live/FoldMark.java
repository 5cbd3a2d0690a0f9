package io.seam.core.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seam.core.config.TargetConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How far the compactor has folded the change log into each base table ({@code _seam/compaction.json}): every
 * batch up to {@code foldedThrough.get(table)} is in that table's base. Written after a round's MERGEs
 * committed, so a stale mark only makes a later round fold rows again (idempotent), never skip any; it lets a
 * restarted apply job delete what an earlier process folded instead of folding the whole log again.
 *
 * @param seamLsn the seam the mark belongs to (a mark of another seam is ignored)
 * @param foldedThrough per table (its change-log name), the last batch folded into its base
 */
public record FoldMark(String seamLsn, Map<String, Long> foldedThrough) {

  public FoldMark {
    foldedThrough = Map.copyOf(foldedThrough);
  }

  public static final String FILE = "compaction.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The mark of this seam, if one was written. */
  public static Optional<FoldMark> read(TargetConfig target, String seamLsn, Configuration hadoop) {
    Path file = new Path(target.seamPath(FILE));
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(file)) {
        Map<?, ?> m = JSON.readValue(in, Map.class);
        Map<String, Long> folded = new java.util.TreeMap<>();
        ((Map<?, ?>) m.get("foldedThrough")).forEach((t, b) -> folded.put((String) t, ((Number) b).longValue()));
        FoldMark mark = new FoldMark((String) m.get("seamLsn"), folded);
        return mark.seamLsn().equals(seamLsn) ? Optional.of(mark) : Optional.empty();
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the compactor's mark " + file + ": " + e.getMessage()
          + " (delete the file: the next round then folds the whole change log again, which changes nothing)", e);
    }
  }

  public void write(TargetConfig target, Configuration hadoop) {
    Path file = new Path(target.seamPath(FILE));
    try (OutputStream out = file.getFileSystem(hadoop).create(file, true)) {
      out.write(JSON.writeValueAsString(Map.of("seamLsn", seamLsn, "foldedThrough",
              new java.util.TreeMap<>(foldedThrough)))
          .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot record the compactor's mark in " + file + ": " + e.getMessage(), e);
    }
  }
}
