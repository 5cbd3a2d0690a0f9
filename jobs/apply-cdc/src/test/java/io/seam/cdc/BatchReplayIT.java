package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.cdc.batch.BatchApplier;
import io.seam.cdc.compact.Compactor;
import io.seam.core.manifest.ManifestStore;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A micro-batch replayed after its writes committed (the job died between Delta's commit and the
 * checkpoint's; bin/seam chaos hit this window with kill -9), and a compaction round redone after only
 * part of it committed. The replayed batch's appends are skipped by the batch marks in their tables' commits
 * (BatchAppend), the redone MERGE by Delta's (txnAppId, txnVersion), and the batch or round must then pass as
 * applied instead of failing the stream.
 */
class BatchReplayIT {

  @Test
  void aBatchReplayedAfterItsWritesCommittedIsSkipped() throws Exception {
    try (StreamFixture f = fiftyRows("replay", "")) {
      f.db.sql("UPDATE t SET qty = qty * 10 WHERE id <= 20", "DELETE FROM t WHERE id > 45", "INSERT INTO t VALUES (99, 9)");
      f.awaitEqual("public.t");
      String log = io.seam.core.live.ChangeLog.path(f.config.target());
      long version = f.spark.sql("DESCRIBE HISTORY delta.`" + log + "`").selectExpr("max(version)").first().getLong(0);
      String progress = f.config.target().seamPath(io.seam.core.stream.StreamPosition.PROGRESS);
      long progressVersion = f.spark.sql("DESCRIBE HISTORY delta.`" + progress + "`").selectExpr("max(version)").first()
          .getLong(0);

      // Every record of the topic again, as the stream's first batch (id 0, long since committed).
      Dataset<Row> topic = f.spark.read().format("kafka")
          .option("kafka.bootstrap.servers", f.config.stream().bootstrapServers())
          .option("subscribe", f.config.stream().changesTopic())
          .option("startingOffsets", "earliest").load();
      var manifest = new ManifestStore(f.config.target().seamDir(), f.spark.sparkContext().hadoopConfiguration())
          .require();
      try (BatchApplier applier = new BatchApplier(f.spark, f.config, manifest)) {
        applier.apply(topic, 0);
      }

      assertThat(f.differences("public.t")).isZero();
      assertThat(f.spark.sql("DESCRIBE HISTORY delta.`" + log + "`").selectExpr("max(version)").first().getLong(0))
          .as("the replay wrote nothing to the change log").isEqualTo(version);
      assertThat(f.spark.sql("DESCRIBE HISTORY delta.`" + progress + "`").selectExpr("max(version)").first().getLong(0))
          .as("nor a second progress row").isEqualTo(progressVersion);
    }
  }

  /**
   * The job died between a compaction's two MERGEs of a table: its update step committed, its insert step
   * did not. The redone round's update step is skipped by Delta's marker; the insert step must still run.
   * (Two steps only for a large target: forced here.)
   */
  @Test
  void aCompactionRedoneAfterOnlyTheUpdateStepCommittedStillInserts() throws Exception {
    try (StreamFixture f = fiftyRows("halfway", "  combined_merge_max_target_mb: 0\n")) {
      f.awaitEqual("public.t");
      f.db.sql("BEGIN; UPDATE t SET qty = -qty WHERE id <= 10; INSERT INTO t VALUES (100, 1), (101, 2); COMMIT");
      Dataset<Row> topic = f.spark.read().format("kafka")
          .option("kafka.bootstrap.servers", f.config.stream().bootstrapServers())
          .option("subscribe", f.config.stream().changesTopic()).option("startingOffsets", "earliest").load();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
          topic.where("CAST(value AS STRING) LIKE '%\"id\":101%'").count() > 0);
      var manifest = new ManifestStore(f.config.target().seamDir(), f.spark.sparkContext().hadoopConfiguration())
          .require();
      long nextBatch = nextBatchId(f);
      String path = f.config.target().tablePath(io.seam.core.pg.TableRef.parse("t"));
      try (BatchApplier applier = new BatchApplier(f.spark, f.config, manifest)) {
        applier.apply(topic, nextBatch);  // the batch logged, as the stream would have
        // The crash: the next round's update step, committed under its marker as the compactor would have.
        f.spark.conf().set("spark.databricks.delta.write.txnAppId", Compactor.appId(manifest) + ":public.t");
        f.spark.conf().set("spark.databricks.delta.write.txnVersion", Long.toString(nextBatch));
        try {
          f.spark.sql("UPDATE delta.`" + path + "` SET qty = -qty WHERE id <= 10");
        } finally {
          f.spark.conf().unset("spark.databricks.delta.write.txnAppId");
          f.spark.conf().unset("spark.databricks.delta.write.txnVersion");
        }
        try (Compactor compactor = new Compactor(f.spark, f.config, manifest, applier.targets())) {
          assertThat(compactor.round(false, true).throughBatch()).as("the redone round").contains(nextBatch);
        }
      }
      Dataset<Row> history = f.spark.sql("DESCRIBE HISTORY delta.`" + path + "`");
      assertThat(history.where("userMetadata LIKE '%\"throughBatch\":" + nextBatch + ",\"step\":\"updates\"%'")
          .count()).as("the redone update step was skipped").isZero();
      assertThat(history.where("userMetadata LIKE '%\"throughBatch\":" + nextBatch + ",\"step\":\"inserts\"%'")
          .count()).as("the insert step ran").isEqualTo(1);
      assertThat(f.differences("public.t")).as("the live view").isZero();
      assertThat(f.base("public.t").where("NOT _seam_deleted AND id IN (100, 101)").count()).as("inserted in the base")
          .isEqualTo(2);
      assertThat(f.base("public.t").where("NOT _seam_deleted AND id <= 10 AND qty < 0").count())
          .as("the updates in the base").isEqualTo(10);
    }
  }

  /** A table t of 50 rows, backfilled, with its stream ready. */
  private static StreamFixture fiftyRows(String purpose, String streamYaml) throws Exception {
    return StreamFixture.create(SharedSpark.session(), purpose, Files.createTempDirectory("seam-" + purpose + "-it"),
        "  - name: t\n", List.of("CREATE TABLE t (id int PRIMARY KEY, qty int)",
            "INSERT INTO t SELECT g, g FROM generate_series(1, 50) g"), List.of(), streamYaml);
  }

  private static long nextBatchId(StreamFixture f) throws java.io.IOException {
    try (var names = Files.list(java.nio.file.Path.of(f.config.target().seamPath(
        io.seam.core.stream.StreamPosition.CHECKPOINT + "/commits")))) {
      return names.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
          .mapToLong(Long::parseLong).max().orElse(-1) + 1;
    }
  }
}
