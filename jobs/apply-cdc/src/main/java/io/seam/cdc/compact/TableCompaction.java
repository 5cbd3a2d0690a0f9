package io.seam.cdc.compact;

import static io.seam.core.live.ColumnDecoding.quote;

import io.seam.cdc.batch.TableTarget;
import io.seam.core.live.LiveTablePlan;
import io.seam.cdc.merge.FoldChoice;
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
 * round redone after a crash, rows a previous round folded but did not delete yet) changes nothing. Which
 * MERGEs run is {@link FoldChoice}'s decision; this class executes it.
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
      FoldChoice choice = FoldChoice.of(figures.getLong(3), keyCount, stream.broadcastMaxKeys(),
          stream.combinedMergeMaxTargetMb(), () -> target.sizeInBytes(spark));
      Optional<KeyRange> range = Optional.of(new KeyRange(target.primaryKey().get(0), figures.get(0), figures.get(1)));
      String view = "seam_fold_" + Math.abs(target.path().hashCode()) + "_" + commit.batchId();
      decoded.createOrReplaceTempView(view + "_changes");
      Dataset<Row> latest = choice.latestPerKey() ? spark.sql(live.latestPerKeySql(view + "_changes"))
          : decoded.selectExpr(latestColumns(live));
      latest.createOrReplaceTempView(view);
      // The hint survives the materialisation of the changes and turns the update's joins into broadcast joins.
      (choice.broadcast() ? latest.hint("broadcast") : latest).createOrReplaceTempView(view + "_b");
      MergePlan plan = new MergePlan(live.columns(), target.primaryKey(), live.toastable());
      String table = "delta.`" + target.path() + "`";
      // MERGE returns num_affected_rows. A round redone after its MERGE committed is skipped by Delta's
      // idempotent write (txnAppId/txnVersion), and a skipped MERGE returns no row at all.
      long merged = switch (choice.shape()) {
        case UPSERTS -> {
          commit.stamp(spark, MergeCommit.Step.UPSERTS);
          yield affected(spark.sql(plan.renderUpserts(table, view, range))).orElse(0L);
        }
        case UPDATES_THEN_INSERTS -> {
          commit.stamp(spark, MergeCommit.Step.UPDATES);
          Optional<Long> updated = affected(spark.sql(plan.renderUpdates(table, view + "_b", range)));
          long inserted = 0;
          if (FoldChoice.insertsAfter(updated, keyCount)) {
            commit.stamp(spark, MergeCommit.Step.INSERTS);
            inserted = affected(spark.sql(plan.renderInserts(table, view, range))).orElse(0L);
          }
          yield updated.orElse(0L) + inserted;
        }
      };
      MergeCommit.clear(spark);
      spark.catalog().dropTempView(view);
      spark.catalog().dropTempView(view + "_b");
      spark.catalog().dropTempView(view + "_changes");
      return merged;
    } finally {
      decoded.unpersist();
    }
  }

  /** A MERGE's num_affected_rows; empty for a MERGE Delta skipped as already committed (no row at all). */
  private static Optional<Long> affected(Dataset<Row> mergeResult) {
    List<Row> rows = mergeResult.collectAsList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).getLong(0));
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
