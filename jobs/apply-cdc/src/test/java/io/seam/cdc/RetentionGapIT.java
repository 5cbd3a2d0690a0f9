package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seam.backfill.BackfillRunner;
import io.seam.cdc.debezium.ChangeTopicStart;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Retention deleting change records before the apply job's first batch (bin/seam chaos found it: a job
 * killed before its first checkpoint restarted at "the earliest offset" and skipped the gap in silence).
 * The first batch starts where the seam's changes begin, so the gap is the designed data-loss stop.
 */
class RetentionGapIT {

  @Test
  void recordsDeletedBeforeTheFirstBatchStopTheStreamInsteadOfBeingSkipped() throws Exception {
    StreamFixture.Prepared p = StreamFixture.prepare(SharedSpark.session(), "retention",
        Files.createTempDirectory("seam-retention-it"), "  - name: t\n",
        List.of("CREATE TABLE t (id int PRIMARY KEY, qty int)", "INSERT INTO t SELECT g, g FROM generate_series(1, 20) g"),
        "");
    new BackfillRunner(p.spark(), p.config()).run(false);
    try (StreamFixture f = p.stream()) {
      f.db.sql("UPDATE t SET qty = -qty");
      TopicPartition tp = new TopicPartition(f.config.stream().changesTopic(), 0);
      try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", f.config.stream().bootstrapServers()))) {
        // BEGIN, 20 updates, END; then what retention does to records nobody has read yet.
        await().atMost(Duration.ofSeconds(60)).until(() -> end(admin, tp) >= 22);
        admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(end(admin, tp)))).all().get();
      }

      assertThatThrownBy(f::drain).satisfies(e -> assertThat(StreamStops.explain(e, f.config.target().path(),
          f.config.stream())).startsWith("change topic offsets are gone"));
      assertThat(f.differences("public.t")).as("nothing was applied past the gap").isEqualTo(40);

      // Debezium started by other means (no recorded start): the job refuses a topic that does not begin at 0.
      Files.delete(Path.of(f.config.target().seamPath(ChangeTopicStart.FILE)));
      assertThatThrownBy(f::drain).hasMessageContaining("change topic offsets are gone: " + tp.topic() + "-0 begins at")
          .hasMessageContaining("Re-seam");
    }
  }

  private static long end(Admin admin, TopicPartition tp) throws Exception {
    return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
  }
}
