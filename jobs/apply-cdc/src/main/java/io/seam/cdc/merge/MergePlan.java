package io.seam.cdc.merge;

import static io.seam.cdc.merge.ColumnDecoding.quote;

import io.seam.core.MetadataColumns;
import java.util.ArrayList;
import java.util.List;

/**
 * The MERGE that applies one batch's latest change per key to a table. A change wins only when its
 * version is greater than the stored one, so replays, duplicates and late events are no-ops; deletes
 * become tombstones that keep the last values; an unchanged TOASTed value keeps the target's value.
 *
 * @param columns the business columns, in target order
 * @param primaryKey the key columns
 * @param toastable columns whose source rows carry {@code __u_<column>} (unchanged placeholder) flags
 */
public record MergePlan(List<String> columns, List<String> primaryKey, List<String> toastable) {

  /** The flag column telling that {@code column} held the unchanged-TOAST placeholder. */
  public static String unchangedFlag(String column) {
    return "__u_" + column;
  }

  public String render(String targetTable, String sourceView) {
    return render(targetTable, sourceView, java.util.Optional.empty());
  }

  /** With {@code keyRange}, a target-only conjunct Delta prunes files with (see {@link KeyRange}). */
  public String render(String targetTable, String sourceView, java.util.Optional<KeyRange> keyRange) {
    List<String> on = new ArrayList<>();
    for (String k : primaryKey) {
      on.add("t." + quote(k) + " = s." + quote(k));
    }
    keyRange.flatMap(KeyRange::targetPredicate).ifPresent(on::add);
    List<String> sets = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    String deleted = "s." + quote(MetadataColumns.DELETED);
    for (String c : columns) {
      names.add(quote(c));
      boolean toast = toastable.contains(c);
      String unchanged = toast ? " OR s." + quote(unchangedFlag(c)) : "";
      if (!primaryKey.contains(c)) {
        sets.add("t." + quote(c) + " = CASE WHEN " + deleted + unchanged + " THEN t." + quote(c) + " ELSE s."
            + quote(c) + " END");
      }
      values.add(toast ? "CASE WHEN s." + quote(unchangedFlag(c)) + " THEN NULL ELSE s." + quote(c) + " END"
          : "s." + quote(c));
    }
    for (String m : List.of(MetadataColumns.VERSION, MetadataColumns.OP, MetadataColumns.DELETED,
        MetadataColumns.SOURCE_TS, MetadataColumns.APPLIED_AT)) {
      sets.add("t." + quote(m) + " = s." + quote(m));
      names.add(quote(m));
      values.add("s." + quote(m));
    }
    return "MERGE INTO " + targetTable + " AS t USING " + sourceView + " AS s ON " + String.join(" AND ", on)
        + " WHEN MATCHED AND s." + quote(MetadataColumns.VERSION) + " > t." + quote(MetadataColumns.VERSION)
        + " THEN UPDATE SET " + String.join(", ", sets)
        + " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", names) + ") VALUES (" + String.join(", ", values) + ")";
  }
}
