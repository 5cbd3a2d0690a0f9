package io.seam.cdc.compact;

import io.seam.core.Lsn;
import io.seam.core.ParityCut;
import io.seam.core.live.FreezeHold;
import io.seam.core.live.LiveTablePlan;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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

  /**
   * A table's unfolded changes in the pinned log: how many, the first and the last batch, when the oldest was
   * applied, and the first batch holding a change a parity run's hold keeps out of the base, if any.
   */
  public record Pending(String table, long rows, long firstBatch, long lastBatch, Instant oldestAppliedAt,
      Optional<Long> firstHeldBatch) {

    public Pending(String table, long rows, long firstBatch, long lastBatch, Instant oldestAppliedAt) {
      this(table, rows, firstBatch, lastBatch, oldestAppliedAt, Optional.empty());
    }

    /** The last batch a fold may take: all of them, or those before the first held one. */
    public long foldableThrough() {
      return firstHeldBatch.map(h -> Math.min(lastBatch, h - 1)).orElse(lastBatch);
    }
  }

  /**
   * The tables to fold now, in the order given, each through its {@link Pending#foldableThrough} batch; a table
   * whose first unfolded batch is held is left out.
   */
  public List<Pending> choose(List<Pending> pending, Instant now, boolean force) {
    return pending.stream().filter(p -> force || p.rows() >= minRows
        || !p.oldestAppliedAt().plus(maxAge).isAfter(now)).filter(p -> p.foldableThrough() >= p.firstBatch())
        .map(p -> p.firstHeldBatch().isEmpty() ? p
            : new Pending(p.table(), p.rows(), p.firstBatch(), p.foldableThrough(), p.oldestAppliedAt(),
                p.firstHeldBatch()))
        .toList();
  }

  /**
   * The first change version the live parity holds keep out of the base tables ({@link FreezeHold}), if any
   * hold is live: below it, every change committed at or before every held freeze. A hold whose run has not
   * named F yet keeps every streamed change out (the cut 1: streamed versions start at 1, backfilled rows are
   * 0). With F named, the cut is {@link ParityCut}'s from the greatest commit at or before F recorded so far:
   * below the exact cut until the stream has applied F, and then equal to it, so a fold never takes a change
   * committed after F.
   *
   * @param lastCommitAtOrBefore the greatest applied commit LSN at or before a position
   *     ({@link io.seam.core.stream.StreamPosition#lastCommitAtOrBefore})
   */
  public static Optional<BigDecimal> holdCut(List<FreezeHold> live,
      Function<Lsn, Optional<Lsn>> lastCommitAtOrBefore) {
    return live.stream().map(h -> h.freeze().map(f -> ParityCut.of(f, lastCommitAtOrBefore.apply(f)))
            .orElse(ParityCut.of(new Lsn(0), Optional.empty())).firstVersionAfter())
        .min(BigDecimal::compareTo);
  }

  /**
   * The last batch whose every row in the log is folded after a round: below the first unfolded batch of each
   * table the round left unfolded, and at most the last batch folded. Whole batches up to it can go from the
   * log without reading a file (a DELETE on the partition column alone); empty when there is none.
   *
   * @param pending what the round's pinned log held unfolded, per table
   * @param folded per table, the last batch in its base after the round
   */
  public static Optional<Long> clearableThrough(List<Pending> pending, Map<String, Long> folded) {
    long through = folded.values().stream().mapToLong(Long::longValue).max().orElse(-1);
    for (Pending p : pending) {
      if (folded.getOrDefault(p.table(), -1L) < p.lastBatch()) {
        through = Math.min(through, p.firstBatch() - 1);
      }
    }
    return through < 0 ? Optional.empty() : Optional.of(through);
  }

  /**
   * The DELETEs that remove from the change log the rows folds have put in the base tables, in order. First
   * the whole batches through {@code clearable} ({@code batch_id <= 7}: Delta drops their files without reading
   * them); then, above those, each table's own folded rows: {@code batch_id > 7 AND batch_id <= 9 AND
   * ((table_name = 'a' AND batch_id <= 9) OR ...)}. The leading conjuncts are on the log's partition column:
   * they are what Delta checks concurrent appends against (every batch appended meanwhile is above them), so a
   * DELETE does not conflict with the stream.
   *
   * @param deletable per table, the last batch folded into its base by a round that has ended
   * @param deleted per table, the last batch already deleted from the log
   * @param clearable whole batches a round that has ended found folded ({@link #clearableThrough})
   * @param cleared whole batches already deleted
   */
  public static List<String> deletePredicates(Map<String, Long> deletable, Map<String, Long> deleted,
      Optional<Long> clearable, long cleared) {
    List<String> out = new ArrayList<>();
    long floor = cleared;
    if (clearable.isPresent() && clearable.get() > cleared) {
      out.add("batch_id <= " + clearable.get());
      floor = clearable.get();
    }
    long above = floor;
    List<Map.Entry<String, Long>> rest = deletable.entrySet().stream()
        .filter(e -> e.getValue() > Math.max(above, deleted.getOrDefault(e.getKey(), -1L)))
        .sorted(Map.Entry.comparingByKey()).toList();
    if (!rest.isEmpty()) {
      long upTo = rest.stream().mapToLong(Map.Entry::getValue).max().orElseThrow();
      List<String> terms = rest.stream().map(e -> "(table_name = " + LiveTablePlan.literal(e.getKey())
          + " AND batch_id <= " + e.getValue() + ")").toList();
      out.add((floor >= 0 ? "batch_id > " + floor + " AND " : "") + "batch_id <= " + upTo + " AND ("
          + String.join(" OR ", terms) + ")");
    }
    return out;
  }

  /** Rows of the log no fold has put in their base yet: {@code batch_id > (that table's folded batch)}. */
  public static String unfoldedPredicate(Map<String, Long> folded) {
    if (folded.isEmpty()) {
      return "true";
    }
    StringBuilder s = new StringBuilder("batch_id > CASE table_name");
    folded.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> s.append(" WHEN ")
        .append(LiveTablePlan.literal(e.getKey())).append(" THEN ").append(e.getValue()));
    return s.append(" ELSE -1 END").toString();
  }
}
