package io.seam.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seam.cdc.StreamStatusJob;
import io.seam.cdc.StreamFixture;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.parity.finish.MigrationFinish;
import io.seam.parity.status.MigrationStatus;
import io.seam.parity.status.MigrationStatusReader;
import io.seam.testkit.LocalStack;
import io.seam.testkit.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The migration's end: refused while not cutover-ready, then (forced) a final clean parity run with the stream
 * running, then, with the stream stopped, the slot and publication dropped and the end recorded, after which
 * no job runs on the seam and {@code stream status} says it is finished.
 */
class FinishIT {
  private static StreamFixture f;
  private static StreamFixture.ApplyInBackground apply;

  @BeforeAll
  static void migrate() throws Exception {
    Path dir = Files.createTempDirectory("seam-finish-it");
    f = StreamFixture.create(SharedSpark.session(), "finish", dir, "  - name: ledger\n    sum_columns: [v]\n",
        List.of("CREATE TABLE ledger (id int PRIMARY KEY, v bigint NOT NULL)",
            "INSERT INTO ledger SELECT g, g FROM generate_series(1, 500) g"), List.of(),
        "  compaction_interval_seconds: 2\n  compaction_max_age_seconds: 0\n");
    apply = f.applyInBackground();
  }

  @AfterAll
  static void stop() throws Exception {
    apply.close();
    f.close();
  }

  @Test
  void aMigrationEndsOnACleanFinalParityWithItsSlotAndPublicationGone() throws Exception {
    MigrationFinish finish = new MigrationFinish(f.spark, f.config);
    String slot = f.config.replication().slot();
    String publication = f.config.replication().publication();
    f.db.sql("UPDATE ledger SET v = v + 1 WHERE id <= 100", "DELETE FROM ledger WHERE id > 490");

    MigrationFinish.Step refused = finish.verify(false);
    assertThat(refused.exitCode()).isEqualTo(3);
    assertThat(refused.message()).contains("not finishing", "--force");

    MigrationFinish.Step verified = finish.verify(true);
    assertThat(verified.exitCode()).as(verified.message()).isZero();
    assertThat(verified.message()).contains("CLEAN");
    assertThat(status()).contains("slot        " + slot + " read by a consumer, retaining ");

    MigrationFinish.Step busy = finish.retire(true);
    assertThat(busy.exitCode()).as("the slot is still read by Debezium").isEqualTo(2);
    assertThat(busy.message()).contains("in use", "bin/seam stream stop");
    assertThat(f.db.column("SELECT slot_name FROM pg_replication_slots")).contains(slot);

    f.debezium().close();
    apply.close();
    MigrationFinish.Step retired = finish.retire(true);
    assertThat(retired.exitCode()).as(retired.message()).isZero();
    assertThat(retired.message()).contains("slot " + slot + " dropped", "publication " + publication + " dropped",
        "the change topic " + f.config.stream().changesTopic() + " stays in Kafka");
    assertThat(f.db.column("SELECT slot_name FROM pg_replication_slots")).doesNotContain(slot);
    assertThat(f.db.column("SELECT pubname FROM pg_publication")).doesNotContain(publication);

    ManifestStore store = new ManifestStore(f.config.target().seamDir(), f.spark.sparkContext().hadoopConfiguration());
    SeamManifest.MigrationEnd end = store.read().orElseThrow().ended();
    assertThat(end).isNotNull();
    assertThat(verified.message()).contains(end.finalParityRun());
    assertThat(end.forced()).as("finished before cutover-check said ready").isTrue();
    assertThatThrownBy(store::require).hasMessageContaining("this migration was finished at " + end.at())
        .hasMessageContaining("bin/seam backfill --config FILE --restart");
    assertThat(status()).contains("migration   finished at " + end.at(), "slot        " + slot + " does not exist");
    assertThat(finish.retire(false).message()).as("a second finish changes nothing").contains("already finished");

    // bin/seam status: the same facts, as the jobs recorded them.
    MigrationStatus migration = new MigrationStatusReader(f.spark, f.config).read();
    assertThat(migration.seam().slot()).isEqualTo(slot);
    assertThat(migration.seam().tables()).singleElement().satisfies(t -> assertThat(t.rows()).isEqualTo(500));
    assertThat(migration.seam().backfillSeconds()).isPositive();
    assertThat(migration.stream().batches()).isPositive();
    assertThat(migration.stream().changes()).as("100 updates and 10 deletes, at least").isGreaterThanOrEqualTo(110);
    assertThat(migration.stream().deadLetters()).isZero();
    assertThat(migration.stream().appliedLsn()).isNotNull();
    assertThat(migration.parity().runs()).isEqualTo(1);
    assertThat(migration.parity().latest().runId()).isEqualTo(end.finalParityRun());
    assertThat(migration.parity().latest().verdict()).isEqualTo("CLEAN");
    assertThat(migration.parity().latest().compared()).isEqualTo(490);
    assertThat(migration.shadow().runs()).isZero();
    assertThat(migration.cutover().ready()).isFalse();
    assertThat(migration.ended()).isEqualTo(end);
    JsonNode json = seamStatusJson();
    assertThat(json.at("/parity/latest/runId").asText()).isEqualTo(end.finalParityRun());
    assertThat(json.at("/stream/changes").asLong()).isEqualTo(migration.stream().changes());
    assertThat(json.at("/ended/at").asText()).isEqualTo(end.at());
  }

  /** What scripts read: {@code bin/seam status --config FILE --json}, its own process. */
  private static JsonNode seamStatusJson() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(LocalStack.home().resolve("bin/seam").toString(), "status", "--config",
        f.configFile().toString(), "--json").redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("SEAM_SKIP_BUILD", "1");
    pb.environment().put("SEAM_SPARK_MASTER", "local[1]");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return new ObjectMapper().readTree(out);
  }

  /** What {@code stream status} prints of the slot. */
  private static String status() {
    PrintStream out = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      assertThat(StreamStatusJob.run(new String[] {"--config", f.configFile().toString()})).isZero();
    } finally {
      System.setOut(out);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
