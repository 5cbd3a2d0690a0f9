package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.backfill.BackfillRunner;
import io.seam.core.stream.StreamPosition;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * What every designed stop asks for, re-seaming with the same config: stream stop, backfill --restart,
 * stream start. The change topic (same name) still holds the old seam's records, the old checkpoint its
 * offsets, Debezium's offset file the old slot's position; none of it may reach the new target.
 */
class ReseamIT {

  @Test
  void aReseamAppliesOnlyTheNewSeamsChanges() throws Exception {
    Path dir = Files.createTempDirectory("seam-reseam-it");
    StreamFixture.Prepared p = StreamFixture.prepare(SharedSpark.session(), "reseam", dir, "  - name: t\n",
        List.of("CREATE TABLE t (id int PRIMARY KEY, qty int)", "INSERT INTO t SELECT g, g FROM generate_series(1, 20) g"),
        "");
    new BackfillRunner(p.spark(), p.config()).run(false);
    StreamFixture first = p.stream();
    p.db().sql("INSERT INTO t SELECT g, g FROM generate_series(100, 110) g", "DELETE FROM t WHERE id <= 5");
    first.awaitEqual("public.t");
    first.debezium().close();  // bin/seam stream stop

    // The source moves on while nothing streams: the rows the old topic inserted are deleted again.
    p.db().sql("DELETE FROM t WHERE id >= 100", "INSERT INTO t VALUES (200, 1)");
    new BackfillRunner(p.spark(), p.config()).run(true);
    assertThat(Path.of(p.config().target().seamPath(StreamPosition.CHECKPOINT))).as("the old checkpoint").doesNotExist();
    assertThat(Path.of(p.config().target().seamPath(StreamPosition.PROGRESS))).as("the old applied position")
        .doesNotExist();
    assertThat(Path.of(io.seam.core.live.ChangeLog.path(p.config().target()))).as("the old seam's change log, which"
        + " the new base tables' views would otherwise overlay").doesNotExist();
    p.db().sql("UPDATE t SET qty = -1 WHERE id = 200", "INSERT INTO t VALUES (201, 2)");

    try (StreamFixture second = p.stream()) {
      try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", p.config().stream().bootstrapServers()))) {
        TopicPartition tp = new TopicPartition(p.config().stream().changesTopic(), 0);
        long logStart = admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset();
        assertThat(logStart).as("the old seam's records were deleted from the topic").isGreaterThan(0);
      }
      second.awaitEqual("public.t");
      assertThat(second.target("public.t").where("_seam_deleted").count())
          .as("the new seam deleted nothing: no old-seam delete left a tombstone").isZero();
    }
  }
}
