package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seam.cdc.batch.BatchApplier;
import io.seam.core.manifest.ManifestStore;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Changes that reach the apply job out of order: the newest window of records first, the oldest last.
 * The single ordered topic and the idempotent producer make this impossible in the normal path, but a
 * re-published or hand-repaired range must not roll a row back: the version (commit order) decides.
 * Both ways a table's batch is merged: one MERGE (a small target, the default here) and updates then
 * inserts (forced with combined_merge_max_target_mb: 0).
 */
class ReorderedChangesIT {

  @ParameterizedTest(name = "combined_merge_max_target_mb: {0}")
  @ValueSource(ints = {64, 0})
  void windowsAppliedNewestFirstEndAtTheNewestState(int combinedMergeMaxTargetMb) throws Exception {
    try (StreamFixture f = StreamFixture.create(SharedSpark.session(), "reorder",
        Files.createTempDirectory("seam-reorder-it"), "  - name: t\n",
        List.of("CREATE TABLE t (id int PRIMARY KEY, qty int)", "INSERT INTO t SELECT g, g FROM generate_series(1, 30) g"),
        List.of(), "  combined_merge_max_target_mb: " + combinedMergeMaxTargetMb + "\n")) {
      f.awaitEqual("public.t");
      long from = topicEnd(f);
      for (int i = 1; i <= 5; i++) {
        f.db.sql("UPDATE t SET qty = " + i * 100 + " WHERE id <= 10");  // five transactions on the same keys
      }
      f.db.sql("DELETE FROM t WHERE id = 11", "INSERT INTO t VALUES (11, -11)");  // delete, then re-insert
      f.db.sql("INSERT INTO t VALUES (40, 40)", "UPDATE t SET qty = 41 WHERE id = 40", "DELETE FROM t WHERE id = 40");
      f.db.sql("UPDATE t SET qty = 0 WHERE id = 12", "DELETE FROM t WHERE id = 12");
      f.db.sql("INSERT INTO t VALUES (99, 99099)");  // the last transaction: once it is in the topic, all are
      long to = awaitInTopic(f, from, "99099");

      // Three windows of the topic, applied newest first, as batches the stream has never used.
      var manifest = new ManifestStore(f.config.target().seamDir(), f.spark.sparkContext().hadoopConfiguration())
          .require();
      long third = (to - from + 2) / 3;
      try (BatchApplier applier = new BatchApplier(f.spark, f.config, manifest)) {
        long batch = 1_000_000;
        for (long end = to; end > from; end -= third) {
          long start = Math.max(from, end - third);
          applier.apply(range(f, start, end), batch++);
        }
      }

      assertThat(f.differences("public.t")).as("target equals source after newest-first windows").isZero();
      Dataset<Row> t = f.target("public.t");
      assertThat(t.where("id = 11").first().<Integer>getAs("qty")).isEqualTo(-11);
      assertThat(t.where("id = 40").first().<Boolean>getAs("_seam_deleted")).as("insert, update, delete of 40").isTrue();
      assertThat(t.where("id = 12").first().<Boolean>getAs("_seam_deleted")).isTrue();
      assertThat(t.where("id <= 10 AND qty <> 500").count()).as("the fifth update won").isZero();
    }
  }

  private static Dataset<Row> range(StreamFixture f, long start, long end) {
    String topic = f.config.stream().changesTopic();
    return f.spark.read().format("kafka")
        .option("kafka.bootstrap.servers", f.config.stream().bootstrapServers())
        .option("subscribe", topic)
        .option("startingOffsets", "{\"" + topic + "\":{\"0\":" + start + "}}")
        .option("endingOffsets", "{\"" + topic + "\":{\"0\":" + end + "}}")
        .load();
  }

  private static long topicEnd(StreamFixture f) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", f.config.stream().bootstrapServers()))) {
      TopicPartition tp = new TopicPartition(f.config.stream().changesTopic(), 0);
      return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
    }
  }

  /** Debezium emits asynchronously: the end offset once the record holding {@code text} and its END are in. */
  private static long awaitInTopic(StreamFixture f, long from, String text) {
    AtomicLong end = new AtomicLong();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      end.set(topicEnd(f));
      if (end.get() <= from) {
        return false;
      }
      Dataset<Row> values = range(f, from, end.get()).selectExpr("offset", "CAST(value AS STRING) AS v");
      Row marker = values.where("v LIKE '%" + text + "%'").selectExpr("min(offset)").first();
      return !marker.isNullAt(0)
          && values.where("offset > " + marker.getLong(0) + " AND v LIKE '%\"status\":\"END\"%'").count() > 0;
    });
    return end.get();
  }
}
