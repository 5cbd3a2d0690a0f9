package io.seam.cdc.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import io.seam.cdc.merge.ColumnDecoding;
import io.seam.cdc.merge.MergePlan;
import io.seam.core.MetadataColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Applies one table's changes of a micro-batch: decode each row image to exact types (rows that do
 * not decode become dead letters), keep the latest change per key (carrying a TOASTed value forward
 * from an earlier change of the same key where the latest only has the placeholder), then MERGE.
 */
final class TableBatch {
  private static final String Q = "`";

  private TableBatch() {}

  /** The outcome: rows the MERGE changed, and the rows that go to the dead-letter table (null: none). */
  record Result(long merged, Dataset<Row> deadLetters) {}

  static Result apply(SparkSession spark, TableTarget target, Dataset<Row> changes, long batchId) {
    List<ColumnDecoding> decodings = target.decodings();
    StructType rawSchema = new StructType();
    for (ColumnDecoding d : decodings) {
      rawSchema = rawSchema.add(d.column(), DataTypes.StringType);
    }
    Dataset<Row> withRaw = changes.withColumn("raw",
        from_json(functionsCoalesce(), rawSchema, Map.of("mode", "PERMISSIVE")));

    List<String> exprs = new ArrayList<>(List.of("topic", "partition", "offset", "raw_key", "raw_value",
        "version AS " + q(MetadataColumns.VERSION), "op AS " + q(MetadataColumns.OP),
        "op = 'd' AS " + q(MetadataColumns.DELETED),
        "timestamp_micros(source_ts_us) AS " + q(MetadataColumns.SOURCE_TS),
        "current_timestamp() AS " + q(MetadataColumns.APPLIED_AT)));
    List<String> errors = new ArrayList<>();
    List<String> toastable = new ArrayList<>();
    for (ColumnDecoding d : decodings) {
      exprs.add(d.convertSql() + " AS " + q(d.column()));
      if (!d.unchangedSql().equals("false")) {
        toastable.add(d.column());
        exprs.add("coalesce(" + d.unchangedSql() + ", false) AS " + q(MergePlan.unchangedFlag(d.column())));
      }
      errors.add(d.errorSql());
    }
    for (String k : target.primaryKey()) {
      errors.add("CASE WHEN " + ColumnDecoding.quote("raw") + "." + q(k) + " IS NULL THEN 'primary key column "
          + k.replace("'", "\\'") + " is null' END");
    }
    exprs.add("concat_ws('; ', " + String.join(", ", errors) + ") AS __error");
    Dataset<Row> decoded = withRaw.selectExpr(exprs.toArray(String[]::new)).persist();
    try {
      Dataset<Row> bad = decoded.where("__error <> ''");
      // Dead letters are rare: only materialise them (past this batch's cache) when there are some.
      Dataset<Row> dead = bad.isEmpty() ? null : bad.selectExpr("'" + target.name().replace("'", "\\'")
          + "' AS table_name", "topic", "partition", "offset", "raw_key", "raw_value", "__error AS error")
          .localCheckpoint();
      Dataset<Row> good = decoded.where("__error = ''");
      String view = "seam_batch_" + Math.abs(target.path().hashCode()) + "_" + batchId;
      latestPerKey(good, target, toastable).createOrReplaceTempView(view);
      // MERGE returns num_affected_rows: no separate count of the batch.
      Row metrics = spark.sql(new MergePlan(target.columns(), target.primaryKey(), toastable)
          .render("delta.`" + target.path() + "`", view)).first();
      spark.catalog().dropTempView(view);
      return new Result(metrics.getLong(0), dead);
    } finally {
      decoded.unpersist();
    }
  }

  private static org.apache.spark.sql.Column functionsCoalesce() {
    return org.apache.spark.sql.functions.coalesce(col("after"), col("before"));
  }

  /**
   * One row per key: the change with the highest version. For a toastable column whose latest value
   * is the placeholder, an earlier real value of the same key in this batch replaces it.
   */
  static Dataset<Row> latestPerKey(Dataset<Row> good, TableTarget target, List<String> toastable) {
    String view = "seam_good_" + Math.abs(target.path().hashCode());
    good.createOrReplaceTempView(view);
    List<String> aggs = new ArrayList<>();
    aggs.add("max_by(struct(*), " + q(MetadataColumns.VERSION) + ") AS latest");
    for (String c : toastable) {
      String flag = q(MergePlan.unchangedFlag(c));
      aggs.add("max_by(" + q(c) + ", " + q(MetadataColumns.VERSION) + ") FILTER (WHERE NOT " + flag + ") AS "
          + q("__known_" + c));
      aggs.add("count(*) FILTER (WHERE NOT " + flag + ") AS " + q("__nknown_" + c));
    }
    List<String> keys = target.primaryKey().stream().map(TableBatch::q).toList();
    List<String> out = new ArrayList<>();
    for (String c : target.columns()) {
      if (toastable.contains(c)) {
        String flag = "latest." + q(MergePlan.unchangedFlag(c));
        String known = q("__nknown_" + c) + " > 0";
        out.add("CASE WHEN " + flag + " AND " + known + " THEN " + q("__known_" + c) + " ELSE latest." + q(c)
            + " END AS " + q(c));
        out.add("(" + flag + " AND NOT " + known + ") AS " + q(MergePlan.unchangedFlag(c)));
      } else {
        out.add("latest." + q(c) + " AS " + q(c));
      }
    }
    for (String m : List.of(MetadataColumns.VERSION, MetadataColumns.OP, MetadataColumns.DELETED,
        MetadataColumns.SOURCE_TS, MetadataColumns.APPLIED_AT)) {
      out.add("latest." + q(m) + " AS " + q(m));
    }
    return good.sparkSession().sql("SELECT " + String.join(", ", out) + " FROM (SELECT " + String.join(", ", aggs)
        + " FROM " + view + " GROUP BY " + String.join(", ", keys) + ")");
  }

  private static String q(String name) {
    return Q + name.replace(Q, Q + Q) + Q;
  }
}
