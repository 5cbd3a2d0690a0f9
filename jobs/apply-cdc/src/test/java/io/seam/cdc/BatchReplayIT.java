package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.cdc.batch.BatchApplier;
import io.seam.core.manifest.ManifestStore;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A micro-batch replayed after its writes committed (the job died between Delta's commit and the
 * checkpoint's; bin/seam chaos hit this window with kill -9). Delta skips the replayed writes by their
 * (txnAppId, txnVersion), and the batch must then pass as applied instead of failing the stream.
 */
class BatchReplayIT {

  @Test
  void aBatchReplayedAfterItsWritesCommittedIsSkipped() throws Exception {
    try (StreamFixture f = StreamFixture.create(SharedSpark.session(), "replay",
        Files.createTempDirectory("seam-replay-it"), "  - name: t\n",
        List.of("CREATE TABLE t (id int PRIMARY KEY, qty int)", "INSERT INTO t SELECT g, g FROM generate_series(1, 50) g"),
        List.of())) {
      f.db.sql("UPDATE t SET qty = qty * 10 WHERE id <= 20", "DELETE FROM t WHERE id > 45", "INSERT INTO t VALUES (99, 9)");
      f.awaitEqual("public.t");
      long version = f.spark.sql("DESCRIBE HISTORY delta.`" + f.config.target().tablePath(
          io.seam.core.pg.TableRef.parse("t")) + "`").selectExpr("max(version)").first().getLong(0);

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
      assertThat(f.spark.sql("DESCRIBE HISTORY delta.`" + f.config.target().tablePath(
          io.seam.core.pg.TableRef.parse("t")) + "`").selectExpr("max(version)").first().getLong(0))
          .as("the replay wrote nothing").isEqualTo(version);
    }
  }
}
