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
 * @param wholeBatchesThrough every row of every batch up to this one is folded (so those batches may leave the
 *     log whole), if any
 */
public record FoldMark(String seamLsn, Map<String, Long> foldedThrough, Optional<Long> wholeBatchesThrough) {

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
        // A mark written before wholeBatchesThrough existed lacks it: the first round then deletes row by row.
        Optional<Long> whole = m.get("wholeBatchesThrough") instanceof Number n ? Optional.of(n.longValue())
            : Optional.empty();
        FoldMark mark = new FoldMark((String) m.get("seamLsn"), folded, whole);
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
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("seamLsn", seamLsn);
      m.put("foldedThrough", new java.util.TreeMap<>(foldedThrough));
      wholeBatchesThrough.ifPresent(b -> m.put("wholeBatchesThrough", b));
      out.write(JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot record the compactor's mark in " + file + ": " + e.getMessage(), e);
    }
  }
}
