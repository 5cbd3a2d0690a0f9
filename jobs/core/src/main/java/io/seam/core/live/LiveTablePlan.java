package io.seam.core.live;

import static io.seam.core.live.ColumnDecoding.quote;

import io.seam.core.MetadataColumns;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that reads one table the way analysts see it: the compacted base table overlaid with the
 * change log's rows for it that the compactor has not folded yet, the newest version per key winning
 * (docs/stream.md, "Reading the tables"). Pure rendering: the same text serves the live view, parity's
 * pinned target, and the compactor's input, so the three can never disagree on what a change means.
 *
 * <p>A change in the log and the same change already folded into the base carry the same version: the
 * base row wins that tie (its unchanged-TOAST values are resolved), so a change is counted once whether
 * a reader sees it in the log, in the base, or in both while a compaction commits.
 *
 * @param table the table's display name, as the log's {@code table_name} holds it ("schema.table")
 * @param decodings the business columns in target order (the positions of the log's row images)
 * @param primaryKey the key columns
 */
public record LiveTablePlan(String table, List<ColumnDecoding> decodings, List<String> primaryKey) {

  /** The metadata columns a change carries (into a reader's row, and into the compactor's MERGE). */
  public static final List<String> METADATA = List.of(MetadataColumns.VERSION, MetadataColumns.OP,
      MetadataColumns.DELETED, MetadataColumns.SOURCE_TS, MetadataColumns.APPLIED_AT);

  /** The flag column telling that {@code column} held the unchanged-TOAST placeholder. */
  public static String unchangedFlag(String column) {
    return "__u_" + column;
  }

  public LiveTablePlan {
    decodings = List.copyOf(decodings);
    primaryKey = List.copyOf(primaryKey);
    if (primaryKey.isEmpty()) {
      throw new IllegalArgumentException("table " + table + " has no primary key");
    }
  }

  public List<String> columns() {
    return decodings.stream().map(ColumnDecoding::column).toList();
  }

  /** The columns whose changes can carry the unchanged-TOAST placeholder (they get a flag column). */
  public List<String> toastable() {
    return decodings.stream().filter(ColumnDecoding::toastable).map(ColumnDecoding::column).toList();
  }

  /** How a change's row image holds the text of column {@code i} (the log's and the parser's layout). */
  static String imageField(int i) {
    return "get(image, " + i + ")";
  }

  /**
   * A change's key as reports name keys ({@code id=3, line=2}), straight from its row image: the text
   * PostgreSQL gave for each key column, no decoding. Over a relation with an {@code image} column.
   */
  public String keyTextSql() {
    List<String> parts = new ArrayList<>();
    for (String k : primaryKey) {
      int i = columns().indexOf(k);
      parts.add("concat(" + literal(k + "=") + ", coalesce(" + imageField(i) + ", 'NULL'))");
    }
    return "concat_ws(', ', " + String.join(", ", parts) + ")";
  }

  /**
   * Why a change of this table cannot be read back, or '' when it can: a value that does not convert to its
   * column's type, or a null key column. Over a relation with an {@code image} column, as the parser gives it.
   */
  public String imageErrorsSql() {
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < decodings.size(); i++) {
      ColumnDecoding d = decodings.get(i);
      errors.add(d.errorSql(imageField(i)));
      if (primaryKey.contains(d.column())) {
        errors.add("CASE WHEN " + imageField(i) + " IS NULL THEN 'primary key column "
            + d.column().replace("\\", "\\\\").replace("'", "\\'") + " is null' END");
      }
    }
    return "concat_ws('; ', " + String.join(", ", errors) + ")";
  }

  /**
   * This table's changes in {@code log} (a relation with the change log's columns), decoded to the target's
   * types, with a {@code __u_<column>} flag per toastable column and the metadata columns.
   */
  public String decodedChangesSql(String log) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < decodings.size(); i++) {
      ColumnDecoding d = decodings.get(i);
      String raw = imageField(i);
      out.add(d.convertSql(raw) + " AS " + quote(d.column()));
      if (d.toastable()) {
        out.add("coalesce(" + d.unchangedSql(raw) + ", false) AS " + quote(LiveTablePlan.unchangedFlag(d.column())));
      }
    }
    out.add("version AS " + quote(MetadataColumns.VERSION));
    out.add("op AS " + quote(MetadataColumns.OP));
    out.add("op = 'd' AS " + quote(MetadataColumns.DELETED));
    out.add("timestamp_micros(source_ts_us) AS " + quote(MetadataColumns.SOURCE_TS));
    out.add("applied_at AS " + quote(MetadataColumns.APPLIED_AT));
    return "SELECT " + String.join(", ", out) + " FROM " + log + " WHERE table_name = " + literal(table);
  }

  /**
   * One row per key of {@code decoded} (rows shaped as {@link #decodedChangesSql}): the change with the
   * highest version; for a toastable column whose latest value is the placeholder, the latest real value of
   * the same key replaces it, and its flag stays true only when no change of the key carried one.
   */
  public String latestPerKeySql(String decoded) {
    List<String> aggs = new ArrayList<>();
    aggs.add("max_by(struct(*), " + quote(MetadataColumns.VERSION) + ") AS latest");
    for (String c : toastable()) {
      String flag = quote(LiveTablePlan.unchangedFlag(c));
      aggs.add("max_by(" + quote(c) + ", " + quote(MetadataColumns.VERSION) + ") FILTER (WHERE NOT " + flag + ") AS "
          + quote("__known_" + c));
      aggs.add("count(*) FILTER (WHERE NOT " + flag + ") AS " + quote("__nknown_" + c));
    }
    List<String> out = new ArrayList<>();
    for (String c : columns()) {
      if (toastable().contains(c)) {
        String flag = "latest." + quote(LiveTablePlan.unchangedFlag(c));
        String known = quote("__nknown_" + c) + " > 0";
        out.add("CASE WHEN " + flag + " AND " + known + " THEN " + quote("__known_" + c) + " ELSE latest." + quote(c)
            + " END AS " + quote(c));
        out.add("(" + flag + " AND NOT " + known + ") AS " + quote(LiveTablePlan.unchangedFlag(c)));
      } else {
        out.add("latest." + quote(c) + " AS " + quote(c));
      }
    }
    LiveTablePlan.METADATA.forEach(m -> out.add("latest." + quote(m) + " AS " + quote(m)));
    List<String> keys = primaryKey.stream().map(ColumnDecoding::quote).toList();
    return "SELECT " + String.join(", ", out) + " FROM (SELECT " + String.join(", ", aggs) + " FROM (" + decoded
        + ") GROUP BY " + String.join(", ", keys) + ")";
  }

  /**
   * Every key of the table as of {@code base} overlaid with {@code log}: business columns then the metadata
   * columns, tombstones included ({@code _seam_deleted}). What the stream would have made of the base had
   * it MERGEd every logged change: a newer change replaces the row (a delete keeps the last values, as a
   * tombstone; an unchanged-TOAST value keeps the stored one), a key the base lacks is added.
   */
  public String resolvedSql(String base, String log) {
    String newer = "l." + quote(primaryKey.get(0)) + " IS NOT NULL AND l." + quote(MetadataColumns.VERSION)
        + " > b." + quote(MetadataColumns.VERSION);
    List<String> overlaid = new ArrayList<>();
    List<String> added = new ArrayList<>();
    for (String c : columns()) {
      String q = quote(c);
      if (primaryKey.contains(c)) {
        overlaid.add("b." + q + " AS " + q);
        added.add("l." + q + " AS " + q);
        continue;
      }
      boolean toast = toastable().contains(c);
      String keep = "l." + quote(MetadataColumns.DELETED) + (toast ? " OR l." + quote(LiveTablePlan.unchangedFlag(c)) : "");
      overlaid.add("CASE WHEN " + newer + " AND NOT (" + keep + ") THEN l." + q + " ELSE b." + q + " END AS " + q);
      added.add((toast ? "CASE WHEN l." + quote(LiveTablePlan.unchangedFlag(c)) + " THEN NULL ELSE l." + q + " END"
          : "l." + q) + " AS " + q);
    }
    for (String m : LiveTablePlan.METADATA) {
      String q = quote(m);
      overlaid.add("CASE WHEN " + newer + " THEN l." + q + " ELSE b." + q + " END AS " + q);
      added.add("l." + q + " AS " + q);
    }
    String on = String.join(" AND ", primaryKey.stream().map(k -> "b." + quote(k) + " = l." + quote(k)).toList());
    return "WITH l AS (" + latestPerKeySql(decodedChangesSql(log)) + ") SELECT " + String.join(", ", overlaid)
        + " FROM " + base + " b LEFT JOIN l ON " + on + " UNION ALL SELECT " + String.join(", ", added) + " FROM l"
        + " LEFT ANTI JOIN " + base + " b ON " + on;
  }

  /** What analysts query: {@link #resolvedSql} without tombstones. */
  public String liveSql(String base, String log) {
    return "SELECT * FROM (" + resolvedSql(base, log) + ") WHERE NOT " + quote(MetadataColumns.DELETED);
  }

  /** A Spark SQL string literal. */
  public static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
