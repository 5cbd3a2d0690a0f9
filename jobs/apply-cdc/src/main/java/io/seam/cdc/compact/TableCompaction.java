package io.seam.cdc.compact;

import static io.seam.core.live.ColumnDecoding.quote;

import io.seam.cdc.batch.TableTarget;
import io.seam.core.live.LiveTablePlan;
import io.seam.cdc.merge.KeyRange;
import io.seam.cdc.merge.MergePlan;
import io.seam.core.config.StreamConfig;
import io.seam.core.spark.SparkIdentifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Folds one table's rows of a pinned change log into its base table with the versioned MERGE: the
 * latest change per key wins only over an older stored version, so folding the same rows twice (a
 * round redone after a crash, rows a previous round folded but did not delete yet) changes nothing.
 */
final class TableCompaction {

  private TableCompaction() {}

  /**
   * @param log a relation holding the pinned log's rows (every table's)
   * @param commit the round's commit markers
   * @param stream the broadcast and single-MERGE limits
   * @return the rows the MERGEs changed
   */
  static long run(SparkSession spark, TableTarget target, String log, MergeCommit commit, StreamConfig stream) {
    LiveTablePlan live = target.plan();
    Dataset<Row> decoded = spark.sql(live.decodedChangesSql(log)).persist();
    try {
      // One pass: which key range the changes touch, how many keys, whether any key repeats.
      String firstKey = quote(target.primaryKey().get(0));
      String keys = String.join(", ", target.primaryKey().stream().map(SparkIdentifiers::quote).toList());
      Row figures = decoded.selectExpr("min(" + firstKey + ")", "max(" + firstKey + ")", "count(DISTINCT " + keys + ")",
          "count(*)").first();
      if (figures.getLong(3) == 0) {
        return 0;
      }
      long keyCount = figures.getLong(2);
      Optional<KeyRange> range = Optional.of(new KeyRange(target.primaryKey().get(0), figures.get(0), figures.get(1)));
      String view = "seam_fold_" + Math.abs(target.path().hashCode()) + "_" + commit.batchId();
      decoded.createOrReplaceTempView(view + "_changes");
      // When every key changed once (a backlog drain, scattered updates), each change is its key's latest and
      // the aggregation (a sort of every change: structs do not hash-aggregate) is not needed.
      Dataset<Row> latest = keyCount == figures.getLong(3) ? decoded.selectExpr(latestColumns(live))
          : spark.sql(live.latestPerKeySql(view + "_changes"));
      latest.createOrReplaceTempView(view);
      // Delta shuffles the whole target to join it with a source of unknown size (the materialised changes):
      // about a gigabyte per pass for 10 M rows. A broadcast hint survives the materialisation and turns
      // the update's joins into broadcast joins that stream the target instead.
      (keyCount <= stream.broadcastMaxKeys() ? latest.hint("broadcast") : latest).createOrReplaceTempView(view + "_b");
      MergePlan plan = new MergePlan(live.columns(), target.primaryKey(), live.toastable());
      String table = "delta.`" + target.path() + "`";
      long merged;
      // MERGE returns num_affected_rows. A round redone after its MERGE committed is skipped by Delta's
      // idempotent write (txnAppId/txnVersion), and a skipped MERGE returns no row at all.
      if (stream.combinedMergeMaxTargetMb() > 0
          && target.sizeInBytes(spark) <= stream.combinedMergeMaxTargetMb() * 1024L * 1024L) {
        commit.stamp(spark, MergeCommit.Step.UPSERTS);
        merged = affected(spark.sql(plan.renderUpserts(table, view, range)));
      } else {
        commit.stamp(spark, MergeCommit.Step.UPDATES);
        List<Row> updated = spark.sql(plan.renderUpdates(table, view + "_b", range)).collectAsList();
        merged = updated.isEmpty() ? 0 : updated.get(0).getLong(0);
        // Every key updated means every key was in the target: nothing to insert, and no second pass over
        // the target's keys. Otherwise (new keys, stale versions, a skipped redo) the insert step decides.
        if (updated.isEmpty() || merged < keyCount) {
          commit.stamp(spark, MergeCommit.Step.INSERTS);
          merged += affected(spark.sql(plan.renderInserts(table, view, range)));
        }
      }
      MergeCommit.clear(spark);
      spark.catalog().dropTempView(view);
      spark.catalog().dropTempView(view + "_b");
      spark.catalog().dropTempView(view + "_changes");
      return merged;
    } finally {
      decoded.unpersist();
    }
  }

  /** A MERGE's num_affected_rows; 0 for a MERGE Delta skipped as already committed (no row at all). */
  private static long affected(Dataset<Row> mergeResult) {
    List<Row> rows = mergeResult.collectAsList();
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }

  /** The columns {@link LiveTablePlan#latestPerKeySql} yields, for changes that are already one per key. */
  private static String[] latestColumns(LiveTablePlan live) {
    List<String> out = new ArrayList<>();
    for (String c : live.columns()) {
      out.add(quote(c));
      if (live.toastable().contains(c)) {
        out.add(quote(LiveTablePlan.unchangedFlag(c)));
      }
    }
    LiveTablePlan.METADATA.forEach(m -> out.add(quote(m)));
    return out.toArray(String[]::new);
  }
}
