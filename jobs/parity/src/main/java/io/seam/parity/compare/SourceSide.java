package io.seam.parity.compare;

import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.Identifiers;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.SourceErrors;
import io.seam.core.pg.TableDescription;
import io.seam.core.snapshot.SnapshotReader;
import io.seam.core.snapshot.SnapshotSession;
import io.seam.core.split.Split;
import io.seam.parity.compare.RowFingerprint.Dialect;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The source as of the freeze, inside the frozen snapshot. Figures are aggregated by PostgreSQL
 * itself, one query per page-range split run in parallel by Spark's executors, so only per-bucket
 * figures leave the database; rows are read only for the buckets that disagree.
 */
public final class SourceSide {
  private final SnapshotReader reader;
  private final PgConnections connections;
  private final String snapshotName;
  private final TableDescription table;
  private final RowFingerprint fp;
  private final List<Split> splits;

  public SourceSide(SnapshotReader reader, PgConnections connections, String snapshotName, TableDescription table,
      RowFingerprint fp, List<Split> splits) {
    this.reader = reader;
    this.connections = connections;
    this.snapshotName = snapshotName;
    this.table = table;
    this.fp = fp;
    this.splits = List.copyOf(splits);
  }

  /** Figures per bucket over every row of the snapshot, optionally only inside some days. */
  public Map<Bucket, BucketStats> figures(Granularity g, List<String> onlyDays) {
    String filter = onlyDays.isEmpty() ? "true" : daysPredicate(onlyDays);
    StringBuilder union = new StringBuilder("(");
    for (int i = 0; i < splits.size(); i++) {
      if (i > 0) {
        union.append(" UNION ALL ");
      }
      union.append("SELECT ").append(i).append(" AS seam_split, a.* FROM (").append(select(g))
          .append(" WHERE (").append(splits.get(i).predicate()).append(") AND (").append(filter)
          .append(") GROUP BY ").append(fp.pgDayGroup()).append(", 2) a");
    }
    union.append(") seam_parity_figures");
    List<String> predicates = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      predicates.add("seam_split = " + i);
    }
    Dataset<Row> partial = reader.readQuery(union.toString(), predicates, snapshotName);
    List<org.apache.spark.sql.Column> sums = new ArrayList<>();
    sums.add(functions.sum("seam_hash").as("seam_hash"));
    for (int i = 0; i < fp.sums().size(); i++) {
      sums.add(functions.sum("seam_sum_" + i).as("seam_sum_" + i));
    }
    Dataset<Row> total = partial.groupBy("seam_day", "seam_key_bucket")
        .agg(functions.sum("seam_rows").as("seam_rows"), sums.toArray(org.apache.spark.sql.Column[]::new));
    return TargetSide.collect(total, fp.sums().size());
  }

  private String select(Granularity g) {
    String day = fp.dayOf(Dialect.POSTGRES);
    String bucket = g == Granularity.FINE || !fp.hasDay() ? fp.keyBucket(Dialect.POSTGRES) : "-1";
    return "SELECT " + day + " AS seam_day, " + bucket + " AS seam_key_bucket, "
        + String.join(", ", fp.aggregates(Dialect.POSTGRES)) + " FROM " + table.table().quoted();
  }

  /**
   * Figures of the given keys' rows, at the finest granularity: the keys that changed after the
   * freeze are excluded from both sides, so their source rows' figures are taken off the totals.
   * The keys travel as text arrays, cast back to the key's types inside PostgreSQL.
   */
  public Map<Bucket, BucketStats> figuresOfKeys(List<List<String>> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    List<String> keyColumns = fp.keyColumns();
    List<String> casts = new ArrayList<>();
    List<String> arrays = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < keyColumns.size(); i++) {
      ColumnInfo c = table.column(keyColumns.get(i)).orElseThrow();
      casts.add("u" + i + "::" + c.declaredType());
      arrays.add("?::text[]");
      names.add("u" + i);
    }
    String keyTuple = "(" + keyColumns.stream().map(Identifiers::quote).collect(Collectors.joining(", ")) + ")";
    String sql = select(Granularity.FINE) + " WHERE " + keyTuple + " IN (SELECT " + String.join(", ", casts)
        + " FROM unnest(" + String.join(", ", arrays) + ") AS u(" + String.join(", ", names) + ")) GROUP BY "
        + fp.pgDayGroup() + ", 2";
    try (Connection c = SnapshotSession.open(connections, snapshotName)) {
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL TIME ZONE 'UTC'");  // timestamp keys arrive as Spark's UTC text
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < keyColumns.size(); i++) {
          int column = i;
          Array a = c.createArrayOf("text", keys.stream().map(k -> k.get(column)).toArray());
          ps.setArray(i + 1, a);
        }
        Map<Bucket, BucketStats> out = new TreeMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Bucket b = new Bucket(rs.getString(1), rs.getInt(2));
            List<BigDecimal> s = new ArrayList<>();
            for (int i = 0; i < fp.sums().size(); i++) {
              s.add(fp.sums().get(i).exact() ? rs.getBigDecimal(5 + i) : BigDecimal.valueOf(rs.getDouble(5 + i)));
            }
            out.put(b, new BucketStats(b, rs.getLong(3), rs.getBigDecimal(4), s));
          }
        }
        c.rollback();
        return out;
      }
    } catch (SQLException e) {
      throw SourceErrors.during("reading the changed-after-freeze rows of " + table.table() + " in the frozen snapshot", e);
    }
  }

  /** The snapshot's rows in the given buckets, typed exactly like the target's columns. */
  public Dataset<Row> rows(List<Bucket> buckets) {
    String filter = buckets.stream().map(this::bucketPredicate).collect(Collectors.joining(" OR "));
    List<String> predicates = splits.stream().map(s -> "(" + s.predicate() + ") AND (" + filter + ")").toList();
    return reader.read(table, predicates, snapshotName);
  }

  private String bucketPredicate(Bucket b) {
    String day = fp.pgDayPredicate(b.day());
    return b.wholeDay() ? "(" + day + ")" : "(" + day + " AND " + fp.keyBucket(Dialect.POSTGRES) + " = " + b.keyBucket()
        + ")";
  }

  private String daysPredicate(List<String> days) {
    return days.stream().map(d -> "(" + fp.pgDayPredicate(d) + ")").collect(Collectors.joining(" OR "));
  }
}
