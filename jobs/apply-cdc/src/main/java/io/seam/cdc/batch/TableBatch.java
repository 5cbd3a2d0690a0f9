package io.seam.cdc.batch;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.struct;
import static io.seam.core.spark.SparkIdentifiers.quote;

import io.seam.cdc.merge.ColumnDecoding;
import io.seam.cdc.merge.KeyRange;
import io.seam.cdc.merge.MergePlan;
import io.seam.core.MetadataColumns;
import io.seam.core.config.StreamConfig;
import io.seam.core.spark.SparkIdentifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Applies one table's changes of a micro-batch: decode each row image to exact types (rows that do
 * not decode become dead letters), keep the latest change per key (carrying a TOASTed value forward
 * from an earlier change of the same key where the latest only has the placeholder), then MERGE: once
 * for a small target, updates then inserts for a large one ({@link MergePlan}).
 */
final class TableBatch {
  /** A Kafka record's identity: how a dead letter finds its raw key and value again. */
  private static final scala.collection.immutable.Seq<String> RECORD_ID =
      scala.jdk.javaapi.CollectionConverters.asScala(List.of("topic", "partition", "offset")).toSeq();

  private TableBatch() {}

  /** The outcome: rows the MERGE changed, and the rows that go to the dead-letter table (null: none). */
  record Result(long merged, Dataset<Row> deadLetters) {}

  /**
   * @param commit the batch's commit markers
   * @param stream the broadcast and single-MERGE limits
   */
  static Result apply(SparkSession spark, TableTarget target, Dataset<Row> changes, MergeCommit commit,
      StreamConfig stream) {
    List<ColumnDecoding> decodings = target.decodings();
    // The decodings read raw.`column` as text; the parser gave each row image as the texts of the target's
    // columns, in their order (ParsedRecords). get() and not image[i]: Spark may evaluate this before the
    // table filter drops other tables' rows (shorter images), and image[i] fails on those under ANSI mode.
    Column[] fields = new Column[decodings.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = expr("get(image, " + i + ")").as(decodings.get(i).column());
    }
    Dataset<Row> withRaw = changes.withColumn("raw", struct(fields));

    // The raw key and value stay in the batch's cache only: dead letters are rare and fetch theirs back.
    List<String> exprs = new ArrayList<>(List.of("topic", "partition", "offset",
        "version AS " + quote(MetadataColumns.VERSION), "op AS " + quote(MetadataColumns.OP),
        "op = 'd' AS " + quote(MetadataColumns.DELETED),
        "timestamp_micros(source_ts_us) AS " + quote(MetadataColumns.SOURCE_TS),
        "current_timestamp() AS " + quote(MetadataColumns.APPLIED_AT)));
    List<String> errors = new ArrayList<>();
    List<String> toastable = new ArrayList<>();
    for (ColumnDecoding d : decodings) {
      exprs.add(d.convertSql() + " AS " + quote(d.column()));
      if (!d.unchangedSql().equals("false")) {
        toastable.add(d.column());
        exprs.add("coalesce(" + d.unchangedSql() + ", false) AS " + quote(MergePlan.unchangedFlag(d.column())));
      }
      errors.add(d.errorSql());
    }
    for (String k : target.primaryKey()) {
      errors.add("CASE WHEN " + quote("raw") + "." + quote(k) + " IS NULL THEN 'primary key column "
          + k.replace("'", "\\'") + " is null' END");
    }
    exprs.add("concat_ws('; ', " + String.join(", ", errors) + ") AS __error");
    Dataset<Row> decoded = withRaw.selectExpr(exprs.toArray(String[]::new)).persist();
    try {
      // One pass: are there dead letters, which key range does the batch touch, how many keys.
      String firstKey = quote(target.primaryKey().get(0));
      String keys = String.join(", ", target.primaryKey().stream().map(SparkIdentifiers::quote).toList());
      Row figures = decoded.selectExpr("count_if(__error <> '')", "min(" + firstKey + ") FILTER (WHERE __error = '')",
          "max(" + firstKey + ") FILTER (WHERE __error = '')",
          "count(DISTINCT " + keys + ") FILTER (WHERE __error = '')", "count_if(__error = '')").first();
      long keyCount = figures.getLong(3);
      boolean oneChangePerKey = keyCount == figures.getLong(4);
      Optional<KeyRange> range = figures.isNullAt(1) ? Optional.empty()
          : Optional.of(new KeyRange(target.primaryKey().get(0), figures.get(1), figures.get(2)));
      Dataset<Row> bad = decoded.where("__error <> ''");
      // Dead letters are rare: only materialise them (past this batch's cache) when there are some.
      Dataset<Row> dead = figures.getLong(0) == 0 ? null : bad.join(changes.select("topic", "partition", "offset",
          "raw_key", "raw_value"), RECORD_ID).selectExpr("'" + target.name().replace("'",
          "\\'") + "' AS table_name", "topic", "partition", "offset", "raw_key", "raw_value", "__error AS error")
          .localCheckpoint();
      Dataset<Row> good = decoded.where("__error = ''");
      String view = "seam_batch_" + Math.abs(target.path().hashCode()) + "_" + commit.batchId();
      // Most batches change a key once (a backlog drain, scattered updates): then each change is its key's
      // latest, and the aggregation (a sort of the whole batch: structs do not hash-aggregate) is not needed.
      Dataset<Row> latest = oneChangePerKey ? onlyChangePerKey(good, target, toastable)
          : latestPerKey(good, target, toastable);
      latest.createOrReplaceTempView(view);
      // Delta shuffles the whole target to join it with a source of unknown size (the materialised batch):
      // about a gigabyte per pass for 10 M rows. A broadcast hint survives the materialisation and turns
      // the update's joins into broadcast joins that stream the target instead.
      (keyCount <= stream.broadcastMaxKeys() ? latest.hint("broadcast") : latest).createOrReplaceTempView(view + "_b");
      MergePlan plan = new MergePlan(target.columns(), target.primaryKey(), toastable);
      String table = "delta.`" + target.path() + "`";
      long merged;
      // MERGE returns num_affected_rows. A replayed batch (the job died after a MERGE committed, before the
      // checkpoint did) is skipped by Delta's idempotent write (txnAppId/txnVersion), and a skipped MERGE
      // returns no row at all.
      if (stream.combinedMergeMaxTargetMb() > 0
          && target.sizeInBytes(spark) <= stream.combinedMergeMaxTargetMb() * 1024L * 1024L) {
        commit.stamp(spark, MergeCommit.Step.UPSERTS);
        merged = affected(spark.sql(plan.renderUpserts(table, view, range)));
      } else {
        commit.stamp(spark, MergeCommit.Step.UPDATES);
        List<Row> updated = spark.sql(plan.renderUpdates(table, view + "_b", range)).collectAsList();
        merged = updated.isEmpty() ? 0 : updated.get(0).getLong(0);
        // Every key updated means every key was in the target: nothing to insert, and no second pass over
        // the target's keys. Otherwise (new keys, stale replays, a skipped replay) the insert step decides.
        if (updated.isEmpty() || merged < keyCount) {
          commit.stamp(spark, MergeCommit.Step.INSERTS);
          merged += affected(spark.sql(plan.renderInserts(table, view, range)));
        }
      }
      spark.catalog().dropTempView(view);
      spark.catalog().dropTempView(view + "_b");
      return new Result(merged, dead);
    } finally {
      decoded.unpersist();
    }
  }

  /** A MERGE's num_affected_rows; 0 for a MERGE Delta skipped as already committed (no row at all). */
  private static long affected(Dataset<Row> mergeResult) {
    List<Row> rows = mergeResult.collectAsList();
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }

  /** The batch's changes as {@link #latestPerKey} shapes them, when no key has more than one. */
  static Dataset<Row> onlyChangePerKey(Dataset<Row> good, TableTarget target, List<String> toastable) {
    List<String> out = new ArrayList<>();
    for (String c : target.columns()) {
      out.add(quote(c));
      if (toastable.contains(c)) {
        out.add(quote(MergePlan.unchangedFlag(c)));
      }
    }
    MergePlan.METADATA.forEach(m -> out.add(quote(m)));
    return good.selectExpr(out.toArray(String[]::new));
  }

  /**
   * One row per key: the change with the highest version. For a toastable column whose latest value
   * is the placeholder, an earlier real value of the same key in this batch replaces it.
   */
  static Dataset<Row> latestPerKey(Dataset<Row> good, TableTarget target, List<String> toastable) {
    String view = "seam_good_" + Math.abs(target.path().hashCode());
    good.createOrReplaceTempView(view);
    List<String> aggs = new ArrayList<>();
    aggs.add("max_by(struct(*), " + quote(MetadataColumns.VERSION) + ") AS latest");
    for (String c : toastable) {
      String flag = quote(MergePlan.unchangedFlag(c));
      aggs.add("max_by(" + quote(c) + ", " + quote(MetadataColumns.VERSION) + ") FILTER (WHERE NOT " + flag + ") AS "
          + quote("__known_" + c));
      aggs.add("count(*) FILTER (WHERE NOT " + flag + ") AS " + quote("__nknown_" + c));
    }
    List<String> keys = target.primaryKey().stream().map(SparkIdentifiers::quote).toList();
    List<String> out = new ArrayList<>();
    for (String c : target.columns()) {
      if (toastable.contains(c)) {
        String flag = "latest." + quote(MergePlan.unchangedFlag(c));
        String known = quote("__nknown_" + c) + " > 0";
        out.add("CASE WHEN " + flag + " AND " + known + " THEN " + quote("__known_" + c) + " ELSE latest." + quote(c)
            + " END AS " + quote(c));
        out.add("(" + flag + " AND NOT " + known + ") AS " + quote(MergePlan.unchangedFlag(c)));
      } else {
        out.add("latest." + quote(c) + " AS " + quote(c));
      }
    }
    MergePlan.METADATA.forEach(m -> out.add("latest." + quote(m) + " AS " + quote(m)));
    return good.sparkSession().sql("SELECT " + String.join(", ", out) + " FROM (SELECT " + String.join(", ", aggs)
        + " FROM " + view + " GROUP BY " + String.join(", ", keys) + ")");
  }
}
