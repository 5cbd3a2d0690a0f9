package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the apply job in the middle of its batches, twice, then a restart from its
 * checkpoint: the target ends exactly equal to the source, and no transaction or batch is recorded twice.
 */
class CrashRecoveryIT {
  private static StreamFixture f;
  private static Path dir;

  @BeforeAll
  static void migrate() throws Exception {
    dir = Files.createTempDirectory("seam-crash-it");
    f = StreamFixture.create(SharedSpark.session(), "crash", dir, "  - name: ledger\n", List.of(
        "CREATE TABLE ledger (id int PRIMARY KEY, v bigint NOT NULL, note text)",
        "INSERT INTO ledger SELECT g, 0, 'n' || g FROM generate_series(1, 3000) g"), List.of(),
        "  max_offsets_per_trigger: 1500\n");
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void killedTwiceMidBatchThenRestartedTheTargetIsExact() throws Exception {
    for (int i = 0; i < 40; i++) {
      f.db.sql("UPDATE ledger SET v = v + " + (i + 1) + " WHERE id % 40 = " + i + " OR id <= 100");
    }
    f.db.sql("DELETE FROM ledger WHERE id BETWEEN 2001 AND 2100",
        "INSERT INTO ledger SELECT g, g, 'late' FROM generate_series(5001, 5500) g");
    String written = f.db.scalar("SELECT pg_current_wal_lsn()");
    await("Debezium has every change in Kafka").atMost(Duration.ofSeconds(120)).until(() -> "t".equals(f.db.scalar(
        "SELECT confirmed_flush_lsn >= '" + written + "' FROM pg_replication_slots WHERE slot_name = '"
            + f.db.name() + "_slot'")));
    assertThat(topicEnd()).as("a backlog of several batches").isGreaterThan(4000);

    for (int kill = 1; kill <= 2; kill++) {
      Path log = dir.resolve("apply-" + kill + ".log");
      Process job = f.startApplyProcess(log);
      int batchesBefore = kill == 1 ? 0 : 1;
      await().atMost(Duration.ofSeconds(180))
          .until(() -> StreamFixture.linesContaining(log, "[seam] batch") > batchesBefore || !job.isAlive());
      Thread.sleep(ThreadLocalRandom.current().nextLong(200, 2500));
      job.descendants().forEach(ProcessHandle::destroyForcibly);
      job.destroyForcibly().waitFor();
    }

    f.awaitEqual("ledger");
    Row sums = f.target("ledger").where("NOT _seam_deleted").selectExpr("count(*)", "sum(v)").first();
    assertThat(sums.getLong(0) + "/" + sums.getLong(1))
        .isEqualTo(f.db.scalar("SELECT count(*) || '/' || sum(v) FROM ledger"));
    Row tx = f.spark.read().format("delta").load(f.config.target().seamPath("progress"))
        .selectExpr("explode(commits) AS c").selectExpr("count(*)", "count(DISTINCT c.tx_id)").first();
    assertThat(tx.getLong(0)).as("transactions recorded").isPositive();
    assertThat(tx.getLong(0)).as("no transaction recorded twice").isEqualTo(tx.getLong(1));
    Row batches = f.spark.read().format("delta").load(f.config.target().seamPath("progress"))
        .selectExpr("count(*)", "count(DISTINCT batch_id)").first();
    assertThat(batches.getLong(0)).as("no batch recorded twice").isEqualTo(batches.getLong(1));
  }



  private static long topicEnd() {
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(
        Map.of("bootstrap.servers", f.config.stream().bootstrapServers()), new StringDeserializer(),
        new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(f.config.stream().changesTopic(), 0);
      return c.endOffsets(List.of(tp)).get(tp);
    }
  }
}
