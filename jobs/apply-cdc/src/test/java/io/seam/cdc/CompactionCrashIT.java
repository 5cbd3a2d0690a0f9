package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compactor under fire: the apply job runs as its own process and folds its change log every second
 * while the source keeps updating, and is killed with {@code kill -9} in the middle of a fold, twice.
 * Meanwhile a reader in this JVM reads the live view over and over (pinned, as Seam reads it, and
 * through the unpinned SQL file other sessions use): every read holds every key exactly once, and no
 * key ever goes back to an older value. At the end, view and base table both equal the source.
 */
class CompactionCrashIT {
  private static final int ROWS = 2000;
  private static StreamFixture f;
  private static Path dir;

  @BeforeAll
  static void migrate() throws Exception {
    dir = Files.createTempDirectory("seam-compaction-it");
    f = StreamFixture.create(SharedSpark.session(), "compact", dir, "  - name: ledger\n", List.of(
        "CREATE TABLE ledger (id int PRIMARY KEY, v bigint NOT NULL)",
        "INSERT INTO ledger SELECT g, 0 FROM generate_series(1, " + ROWS + ") g"), List.of(),
        "  max_offsets_per_trigger: 2000\n  compaction_interval_seconds: 1\n  compaction_max_age_seconds: 0\n");
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void killedMidFoldWhileReadersReadTheViewStaysExact() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    Thread load = new Thread(() -> {
      for (int i = 0; running.get() && i < 200; i++) {
        f.db.sql("UPDATE ledger SET v = v + 1 WHERE id % 20 = " + (i % 20) + " OR id <= 50");
      }
    }, "ledger-load");
    List<String> problems = new ArrayList<>();
    List<Long> reads = new ArrayList<>();
    Thread reader = new Thread(() -> readUntilStopped(running, problems, reads), "view-reader");
    load.start();
    reader.start();
    try {
      for (int kill = 1; kill <= 2; kill++) {
        Path log = dir.resolve("apply-" + kill + ".log");
        Process job = f.startApplyProcess(log);
        await("a fold under way").atMost(Duration.ofSeconds(240))
            .until(() -> StreamFixture.linesContaining(log, "compaction: folding") > 0 || !job.isAlive());
        assertThat(job.isAlive()).as("the apply job is running (log: " + log + ")").isTrue();
        Thread.sleep(ThreadLocalRandom.current().nextLong(100, 2500));
        job.descendants().forEach(ProcessHandle::destroyForcibly);
        job.destroyForcibly().waitFor();
      }
      load.join();
    } finally {
      running.set(false);
      load.join();
      reader.join();
    }
    assertThat(problems).as("every read of the live view").isEmpty();
    for (int kill = 1; kill <= 2; kill++) {
      Path log = dir.resolve("apply-" + kill + ".log");
      assertThat(StreamFixture.linesContaining(log, "compaction round failed")).as("rounds that failed (a DELETE"
          + " of folded rows conflicting with the stream's appends, say) in " + log).isZero();
    }
    assertThat(reads).as("reads of the live view while the job ran").hasSizeGreaterThan(5);

    f.awaitEqual("ledger");
    Row sums = f.target("ledger").where("NOT _seam_deleted").selectExpr("count(*)", "sum(v)").first();
    assertThat(sums.getLong(0) + "/" + sums.getLong(1))
        .isEqualTo(f.db.scalar("SELECT count(*) || '/' || sum(v) FROM ledger"));
  }

  /**
   * Reads the view until stopped, alternating the pinned read and the unpinned SQL file: every key once,
   * and the sum of v never smaller than in an earlier read (every change only adds to v).
   */
  private static void readUntilStopped(AtomicBoolean running, List<String> problems, List<Long> sums) {
    var spark = SharedSpark.session().newSession();
    Path viewFile = Path.of(f.config.target().seamPath("views"), "public.ledger.sql");
    long previous = 0;
    for (int i = 0; running.get(); i++) {
      try {
        Row r;
        if (i % 2 == 0 || !Files.exists(viewFile)) {
          r = f.target("ledger").where("NOT _seam_deleted").selectExpr("count(*)", "count(DISTINCT id)", "sum(v)")
              .first();
        } else {
          r = spark.sql(Files.readString(viewFile)).selectExpr("count(*)", "count(DISTINCT id)", "sum(v)").first();
        }
        String read = (i % 2 == 0 ? "pinned" : "SQL file") + " read " + i + " at " + Instant.now();
        if (r.getLong(0) != ROWS || r.getLong(1) != ROWS) {
          problems.add(read + ": " + r.getLong(0) + " rows, " + r.getLong(1) + " keys, not " + ROWS);
        }
        if (r.getLong(2) < previous) {
          problems.add(read + ": sum(v) " + r.getLong(2) + " went back from " + previous);
        }
        previous = Math.max(previous, r.getLong(2));
        sums.add(r.getLong(2));
      } catch (Exception e) {
        problems.add("read " + i + " failed: " + e);
      }
    }
  }
}
