package io.seam.parity.compare.run;

import io.seam.core.spark.SparkIdentifiers;
import io.seam.parity.compare.ColumnDifference;
import io.seam.parity.compare.DiffClass;
import io.seam.parity.compare.DiffClassifier;
import io.seam.parity.compare.RowDifference;
import io.seam.parity.compare.fingerprint.RowFingerprint.Dialect;
import io.seam.parity.compare.fingerprint.RowFingerprint;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Compares the rows of the disagreeing buckets key by key, in Spark (a full outer join on the key;
 * nothing is gathered on the driver but the listed differences), and classifies each difference.
 */
public final class RowDiffer {
  private final RowFingerprint fp;
  private final int maxListed;

  public RowDiffer(RowFingerprint fp, int maxListed) {
    this.fp = fp;
    this.maxListed = maxListed;
  }

  /** All differences counted by class; at most {@code maxListed} of them listed in full. */
  public record Result(long missing, long extra, long mismatched, List<RowDifference> listed) {
    public long total() {
      return missing + extra + mismatched;
    }
  }

  public Result diff(Dataset<Row> source, Dataset<Row> target) {
    List<String> names = fp.columnNames();
    String day = fp.dayOf(Dialect.SPARK);
    // Each side's columns renamed by position (s0.., t0..): both sides may share lineage (the source's
    // excluded keys come from the target table), and positional names cannot be ambiguous.
    Dataset<Row> s = side(source, names, day, "s");
    Dataset<Row> t = side(target, names, day, "t");
    Column on = null;
    for (String k : fp.keyColumns()) {
      int i = names.indexOf(k);
      Column eq = functions.col("s" + i).equalTo(functions.col("t" + i));
      on = on == null ? eq : on.and(eq);
    }
    List<Column> differs = new ArrayList<>();
    List<Column> sCols = new ArrayList<>();
    List<Column> tCols = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Column sc = functions.col("s" + i);
      Column tc = functions.col("t" + i);
      differs.add(functions.when(functions.not(sc.eqNullSafe(tc)), functions.lit(names.get(i))));
      sCols.add(sc);
      tCols.add(tc);
    }
    Dataset<Row> joined = s.join(t, on, "full_outer").select(
        functions.col("s_present").isNotNull().as("in_source"),
        functions.col("t_present").isNotNull().as("in_target"),
        functions.coalesce(functions.col("s_day"), functions.col("t_day")).as("day"),
        functions.filter(functions.array(differs.toArray(Column[]::new)), Column::isNotNull).as("differs"),
        functions.struct(sCols.toArray(Column[]::new)).as("s"), functions.struct(tCols.toArray(Column[]::new)).as("t"));
    Dataset<Row> diffs = joined.where("NOT in_source OR NOT in_target OR size(differs) > 0").persist();
    try {
      Row counts = diffs.selectExpr("count_if(NOT in_target)", "count_if(NOT in_source)",
          "count_if(in_source AND in_target)").first();
      List<RowDifference> listed = new ArrayList<>();
      for (Row r : diffs.limit(maxListed).collectAsList()) {
        listed.add(difference(r, names));
      }
      return new Result(counts.getLong(0), counts.getLong(1), counts.getLong(2), listed);
    } finally {
      diffs.unpersist();
    }
  }

  private static Dataset<Row> side(Dataset<Row> rows, List<String> names, String day, String prefix) {
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      cols.add(functions.col(SparkIdentifiers.quote(names.get(i))).as(prefix + i));
    }
    cols.add(functions.expr(day).as(prefix + "_day"));
    cols.add(functions.lit(true).as(prefix + "_present"));
    return rows.select(cols.toArray(Column[]::new));
  }

  private RowDifference difference(Row r, List<String> names) {
    boolean inSource = r.getBoolean(0);
    boolean inTarget = r.getBoolean(1);
    String day = r.getString(2);
    Row side = inSource ? r.getStruct(4) : r.getStruct(5);
    StringBuilder key = new StringBuilder();
    for (String k : fp.keyColumns()) {
      key.append(key.length() == 0 ? "" : ", ").append(k).append('=')
          .append(DiffClassifier.text(side.get(names.indexOf(k))));
    }
    List<ColumnDifference> cols = new ArrayList<>();
    if (!inSource || !inTarget) {
      DiffClass kind = inSource ? DiffClass.MISSING_IN_TARGET : DiffClass.EXTRA_IN_TARGET;
      for (int i = 0; i < names.size(); i++) {
        String v = DiffClassifier.text(side.get(i));
        cols.add(new ColumnDifference(names.get(i), inSource ? v : null, inSource ? null : v, kind));
      }
      return new RowDifference(key.toString(), day, kind, cols);
    }
    Row s = r.getStruct(4);
    Row t = r.getStruct(5);
    for (String n : r.<String>getList(3)) {
      int i = names.indexOf(n);
      cols.add(new ColumnDifference(n, DiffClassifier.text(s.get(i)), DiffClassifier.text(t.get(i)),
          DiffClassifier.column(s.get(i), t.get(i))));
    }
    return new RowDifference(key.toString(), day, DiffClassifier.row(cols), cols);
  }
}
