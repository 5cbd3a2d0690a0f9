package io.seam.cdc.merge;

import static io.seam.core.live.ColumnDecoding.quote;

import io.seam.core.MetadataColumns;
import io.seam.core.live.LiveTablePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MERGEs that apply one batch's latest change per key to a table: for a large target one for the keys
 * it has and one for new keys (run only when the first did not account for every key); for a small one
 * a single MERGE with both clauses. A change wins only when its
 * version is greater than the stored one, so replays, duplicates and late events are no-ops; deletes
 * become tombstones that keep the last values; an unchanged TOASTed value keeps the target's value.
 *
 * @param columns the business columns, in target order
 * @param primaryKey the key columns
 * @param toastable columns whose source rows carry {@code __u_<column>} (unchanged placeholder) flags
 */
public record MergePlan(List<String> columns, List<String> primaryKey, List<String> toastable) {

  private static final List<String> METADATA = LiveTablePlan.METADATA;

  private static String unchangedFlag(String column) {
    return LiveTablePlan.unchangedFlag(column);
  }

  /**
   * The keys the batch has in the target: a newer version updates the row (a delete becomes a tombstone).
   * Only matches: Delta then joins with an inner join, which can broadcast a small batch instead of
   * shuffling the whole target; an outer join for inserts in the same statement cannot.
   */
  public String renderUpdates(String targetTable, String sourceView, Optional<KeyRange> keyRange) {
    return "MERGE INTO " + targetTable + " AS t USING " + sourceView + " AS s ON " + on(keyRange) + whenMatched();
  }

  /** The batch's keys the target does not have yet, inserted (a delete of an unknown key as a tombstone). */
  public String renderInserts(String targetTable, String sourceView, Optional<KeyRange> keyRange) {
    return "MERGE INTO " + targetTable + " AS t USING " + sourceView + " AS s ON " + on(keyRange) + whenNotMatched();
  }

  /**
   * Both in one statement, one commit: for a small target, where shuffling its touched files costs less
   * than the second MERGE's fixed cost (a snapshot, a commit, a few seconds on a small machine).
   */
  public String renderUpserts(String targetTable, String sourceView, Optional<KeyRange> keyRange) {
    return "MERGE INTO " + targetTable + " AS t USING " + sourceView + " AS s ON " + on(keyRange) + whenMatched()
        + whenNotMatched();
  }

  private String whenMatched() {
    List<String> sets = new ArrayList<>();
    String deleted = "s." + quote(MetadataColumns.DELETED);
    for (String c : columns) {
      if (!primaryKey.contains(c)) {
        String unchanged = toastable.contains(c) ? " OR s." + quote(unchangedFlag(c)) : "";
        sets.add("t." + quote(c) + " = CASE WHEN " + deleted + unchanged + " THEN t." + quote(c) + " ELSE s."
            + quote(c) + " END");
      }
    }
    for (String m : METADATA) {
      sets.add("t." + quote(m) + " = s." + quote(m));
    }
    return " WHEN MATCHED AND s." + quote(MetadataColumns.VERSION) + " > t." + quote(MetadataColumns.VERSION)
        + " THEN UPDATE SET " + String.join(", ", sets);
  }

  private String whenNotMatched() {
    List<String> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String c : columns) {
      names.add(quote(c));
      values.add(toastable.contains(c) ? "CASE WHEN s." + quote(unchangedFlag(c)) + " THEN NULL ELSE s." + quote(c)
          + " END" : "s." + quote(c));
    }
    for (String m : METADATA) {
      names.add(quote(m));
      values.add("s." + quote(m));
    }
    return " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", names) + ") VALUES (" + String.join(", ", values)
        + ")";
  }

  /** With {@code keyRange}, a target-only conjunct Delta prunes files with (see {@link KeyRange}). */
  private String on(Optional<KeyRange> keyRange) {
    List<String> on = new ArrayList<>();
    for (String k : primaryKey) {
      on.add("t." + quote(k) + " = s." + quote(k));
    }
    keyRange.flatMap(KeyRange::targetPredicate).ifPresent(on::add);
    return String.join(" AND ", on);
  }
}
