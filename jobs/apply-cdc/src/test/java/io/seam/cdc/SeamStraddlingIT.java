package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seam.backfill.BackfillResult;
import io.seam.backfill.BackfillRunner;
import io.seam.core.Lsn;
import io.seam.testkit.LocalStack;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The case from docs/stream.md, "One ordered topic": a transaction that begins while the slot is being
 * created, writes before the consistent point and commits after it. It is not in the backfill's
 * snapshot, it is streamed, and its change's LSN is below the seam LSN, so a guard "change LSN > the
 * backfilled row's seam LSN" would drop it. Seam must apply it.
 *
 * <p>Slot creation waits for the transactions running when it starts (BUILDING_SNAPSHOT), then for
 * those running when it reached FULL_SNAPSHOT; a transaction that begins after that point is decoded
 * fully. CHECKPOINT logs the running-transactions record that moves the builder along.
 */
class SeamStraddlingIT {
  @Test
  void aTransactionWrittenBeforeAndCommittedAfterTheSeamIsStreamedAndApplied() throws Exception {
    StreamFixture.Prepared p = StreamFixture.prepare(SharedSpark.session(), "straddle",
        Files.createTempDirectory("seam-straddle-it"), "  - name: acct\n", List.of(
            "CREATE TABLE acct (id int PRIMARY KEY, v int NOT NULL)",
            "INSERT INTO acct SELECT g, g FROM generate_series(1, 10) g"), "");
    StreamFixture f = null;
    try (Connection t0 = p.db().connect(); Connection ta = p.db().connect(); Connection t1 = p.db().connect()) {
      t0.setAutoCommit(false);
      ta.setAutoCommit(false);
      t1.setAutoCommit(false);
      exec(t0, "UPDATE acct SET v = v WHERE id = 10");

      CompletableFuture<BackfillResult> backfill = CompletableFuture.supplyAsync(
          () -> new BackfillRunner(p.spark(), p.config()).run(false));
      await("slot creation has started and waits").atMost(Duration.ofSeconds(60)).until(() ->
          "1".equals(p.db().scalar("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender'"
              + " AND datname = current_database() AND query LIKE 'CREATE_REPLICATION_SLOT%'")));

      exec(ta, "UPDATE acct SET v = v WHERE id = 9");
      t0.commit();
      checkpoint(p);
      Thread.sleep(1000);
      exec(t1, "UPDATE acct SET v = 100 WHERE id = 1");
      String written = scalar(t1, "SELECT pg_current_wal_insert_lsn()");
      ta.commit();
      checkpoint(p);
      await("the slot is consistent").atMost(Duration.ofSeconds(60)).until(() -> "t".equals(p.db().scalar(
          "SELECT count(*) > 0 FROM pg_replication_slots WHERE slot_name = '" + p.config().replication().slot()
              + "' AND confirmed_flush_lsn IS NOT NULL")));
      t1.commit();
      BackfillResult result = backfill.get();

      assertThat(Lsn.parse(written).compareTo(result.seam())).as("the change was written below the seam LSN")
          .isLessThan(0);
      f = p.stream();
      assertThat(f.target("acct").where("id = 1").first().<Integer>getAs("v"))
          .as("not in the backfill's snapshot").isEqualTo(1);
      f.awaitEqual("acct");
      assertThat(f.target("acct").where("id = 1").first().<Integer>getAs("v")).as("applied from the stream")
          .isEqualTo(100);
    } finally {
      if (f != null) {
        f.close();
      } else {
        p.db().close();
      }
    }
  }

  private static void checkpoint(StreamFixture.Prepared p) {
    LocalStack.adminSql(p.db().name(), "CHECKPOINT");
  }

  private static void exec(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String scalar(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
