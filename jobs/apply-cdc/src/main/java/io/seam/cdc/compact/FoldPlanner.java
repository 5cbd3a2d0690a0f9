package io.seam.cdc.compact;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which tables a compaction round folds, from what the change log holds for each. A fold is a MERGE with a
 * fixed cost of seconds per table whatever the number of changes, so folding every table every round would
 * spend a small cluster on MERGEs of a handful of rows; readers of the live views see the changes either way.
 * A table is folded once its unfolded changes are many (each read of its view overlays them all) or old
 * (readers of the plain Delta table trail by that much), or always when the round is forced (a drain's end).
 *
 * @param minRows fold a table with at least this many unfolded changes
 * @param maxAge fold a table whose oldest unfolded change was applied at least this long ago
 */
public record FoldPlanner(long minRows, Duration maxAge) {

  /** A table's unfolded changes in the pinned log: how many, the last batch, when the oldest was applied. */
  public record Pending(String table, long rows, long lastBatch, Instant oldestAppliedAt) {}

  /** The tables to fold now, in the order given. */
  public List<Pending> choose(List<Pending> pending, Instant now, boolean force) {
    return pending.stream().filter(p -> force || p.rows() >= minRows
        || !p.oldestAppliedAt().plus(maxAge).isAfter(now)).toList();
  }

  /**
   * The change log's rows that folds have put in the base tables and a round may delete:
   * {@code batch_id <= 7 AND ((table_name = 'a' AND batch_id <= 5) OR ...)}, or empty when there are none. The
   * leading conjunct is on the log's partition column: it is what Delta checks concurrent appends against
   * (every batch appended meanwhile is above it), so the DELETE does not conflict with the stream.
   *
   * @param deletable per table, the last batch folded into its base by a round that has ended
   * @param deleted per table, the last batch already deleted from the log
   */
  public static java.util.Optional<String> deletePredicate(Map<String, Long> deletable, Map<String, Long> deleted) {
    List<String> terms = deletable.entrySet().stream()
        .filter(e -> e.getValue() > deleted.getOrDefault(e.getKey(), -1L)).sorted(Map.Entry.comparingByKey())
        .map(e -> "(table_name = " + io.seam.core.live.LiveTablePlan.literal(e.getKey()) + " AND batch_id <= "
            + e.getValue() + ")").toList();
    long upTo = deletable.entrySet().stream().filter(e -> e.getValue() > deleted.getOrDefault(e.getKey(), -1L))
        .mapToLong(Map.Entry::getValue).max().orElse(-1);
    return terms.isEmpty() ? java.util.Optional.empty()
        : java.util.Optional.of("batch_id <= " + upTo + " AND (" + String.join(" OR ", terms) + ")");
  }

  /** Rows of the log no fold has put in their base yet: {@code batch_id > (that table's folded batch)}. */
  public static String unfoldedPredicate(Map<String, Long> folded) {
    if (folded.isEmpty()) {
      return "true";
    }
    StringBuilder s = new StringBuilder("batch_id > CASE table_name");
    folded.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> s.append(" WHEN ")
        .append(io.seam.core.live.LiveTablePlan.literal(e.getKey())).append(" THEN ").append(e.getValue()));
    return s.append(" ELSE -1 END").toString();
  }
}
