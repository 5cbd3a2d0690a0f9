package io.seam.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seam.cdc.StreamFixture;
import io.seam.core.live.FreezeHold;
import io.seam.parity.compare.TableParity;
import io.seam.parity.report.Verdict;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The apply job (its own process, folding every second) is killed with {@code kill -9} while a parity run holds
 * its compactor at the freeze, and restarted; every row of a hot table keeps changing throughout. The run still
 * compares the target exactly as of the freeze and ends clean: the hold is a file, which the restarted
 * compactor reads at its first round.
 */
class HoldAcrossApplyCrashIT {
  private static final int COUNTERS = 20;
  private static StreamFixture f;
  private static Path dir;

  @BeforeAll
  static void migrate() throws Exception {
    dir = Files.createTempDirectory("seam-hold-crash-it");
    f = StreamFixture.create(SharedSpark.session(), "holdcrash", dir, """
          - name: counters
            sum_columns: [n]
          - name: accounts
            sum_columns: [balance]
        """, List.of(
        "CREATE TABLE counters (id int PRIMARY KEY, n bigint NOT NULL)",
        "INSERT INTO counters SELECT g, 0 FROM generate_series(1, " + COUNTERS + ") g",
        "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)",
        "INSERT INTO accounts SELECT g, 0 FROM generate_series(1, 2000) g"), List.of(),
        "  compaction_interval_seconds: 1\n  compaction_max_age_seconds: 0\n");
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void killedWhileParityHoldsItsCompactorTheRunStillComparesExactlyAsOfTheFreeze() throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      while (writing.get()) {
        int id = ThreadLocalRandom.current().nextInt(1, 2001);
        f.db.sql("UPDATE counters SET n = n + 1", "UPDATE accounts SET balance = balance + 5 WHERE id = " + id);
        try {
          Thread.sleep(40);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "hot-writer");
    Process second = null;
    try {
      Path firstLog = dir.resolve("apply-1.log");
      Process first = f.startApplyProcess(firstLog);
      writer.start();
      await("the first job folding").atMost(Duration.ofSeconds(240))
          .until(() -> StreamFixture.linesContaining(firstLog, "compaction: folding") > 0 || !first.isAlive());
      assertThat(first.isAlive()).as("the apply job is running (log: " + firstLog + ")").isTrue();

      CompletableFuture<ParityRunner.Outcome> run = CompletableFuture.supplyAsync(() ->
          new ParityRunner(f.spark, f.config).run());
      await("parity's hold naming its freeze").atMost(Duration.ofSeconds(120)).until(() ->
          FreezeHold.read(f.config.target(), f.spark.sparkContext().hadoopConfiguration()).stream()
              .anyMatch(h -> h.freeze().isPresent()) || run.isDone());
      Thread.sleep(ThreadLocalRandom.current().nextLong(200, 3000));
      first.descendants().forEach(ProcessHandle::destroyForcibly);
      first.destroyForcibly().waitFor();
      second = f.startApplyProcess(dir.resolve("apply-2.log"));

      ParityRunner.Outcome o = run.get(500, TimeUnit.SECONDS);
      writing.set(false);
      writer.join();

      assertThat(o.verdict()).as(o.report().message()).isEqualTo(Verdict.CLEAN);
      TableParity counters = o.report().tables().stream().filter(t -> t.table().equals("public.counters"))
          .findFirst().orElseThrow();
      assertThat(counters.sourceRows()).isEqualTo(COUNTERS);
      assertThat(counters.targetRows()).isEqualTo(COUNTERS);
      assertThat(counters.changedAfterFreeze()).as("every counter changed after the freeze, and was compared")
          .isEqualTo(COUNTERS);
      assertThat(FreezeHold.read(f.config.target(), f.spark.sparkContext().hadoopConfiguration())).isEmpty();
    } finally {
      writing.set(false);
      writer.join();
      if (second != null) {
        second.descendants().forEach(ProcessHandle::destroyForcibly);
        second.destroyForcibly().waitFor();
      }
    }
  }
}
