package io.seam.parity.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seam.core.config.MigrationConfig;
import io.seam.core.config.MigrationConfigLoader;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.SourceException;
import io.seam.core.snapshot.SlotCreationWatch;
import io.seam.core.snapshot.SnapshotSlot;
import io.seam.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A freeze held up by a transaction left open says which one, keeps saying it, and gives up at its limit with
 * the setting to change; once the transaction ends, the freeze goes on.
 */
class FreezeWaitIT {
  private static TestDatabase db;
  private static PgConnections connections;

  @BeforeAll
  static void database() throws Exception {
    db = TestDatabase.create("freezewait");
    db.sql("CREATE TABLE ledger (id int PRIMARY KEY, v int)", "INSERT INTO ledger VALUES (1, 1)");
    Path dir = Files.createTempDirectory("seam-freezewait");
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, db.migrationYaml("  - name: ledger\n", dir.resolve("lake"), db.name() + "_slot", ""));
    MigrationConfig config = MigrationConfigLoader.load(file);
    connections = new PgConnections(config.source());
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void aTransactionLeftOpenIsNamedWhileTheFreezeWaitsAndStopsItAtTheLimit() throws Exception {
    List<String> said = new CopyOnWriteArrayList<>();
    String slot = db.name() + "_held";
    try (OpenTransaction open = openTransaction()) {
      int pid = open.pid();
      assertThatThrownBy(() -> SnapshotSlot.createTemporary(connections, slot, limit(8), said::add))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("waited 8 s (parity.freeze_timeout_seconds)")
          .hasMessageContaining("pid " + pid + " (user ")
          .hasMessageContaining("monthly-report, idle in transaction, transaction open ")
          .hasMessageContaining("UPDATE ledger SET v = v + 1")
          .hasMessageContaining("pg_terminate_backend")
          .hasMessageContaining("raise parity.freeze_timeout_seconds");
      assertThat(said).as("said while waiting, before the limit").isNotEmpty()
          .allMatch(m -> m.contains("creating slot " + slot + " has waited") && m.contains("pid " + pid)
              && m.contains("the wait ends after 8 s: parity.freeze_timeout_seconds"));
    }
    assertThat(db.column("SELECT slot_name FROM pg_replication_slots")).doesNotContain(slot);
  }

  @Test
  void theFreezeGoesOnOnceTheTransactionEnds() throws Exception {
    List<String> said = new CopyOnWriteArrayList<>();
    OpenTransaction open = openTransaction();
    int pid = open.pid();
    CompletableFuture<SnapshotSlot> freeze = CompletableFuture.supplyAsync(() ->
        SnapshotSlot.createTemporary(connections, db.name() + "_later", limit(120), said::add));
    await().atMost(Duration.ofSeconds(30)).until(() -> !said.isEmpty());
    assertThat(freeze).isNotDone();
    open.connection().commit();
    open.close();
    try (SnapshotSlot s = freeze.get()) {
      assertThat(s.snapshotName()).isNotBlank();
    }
    assertThat(said.get(0)).contains("pid " + pid, "idle in transaction");
  }

  private static SlotCreationWatch.Limit limit(int seconds) {
    return new SlotCreationWatch.Limit(Optional.of(Duration.ofSeconds(seconds)), "parity.freeze_timeout_seconds");
  }

  private record OpenTransaction(Connection connection, int pid) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      connection.close();
    }
  }

  /** A session that wrote and left its transaction open, as a report tool or a forgotten psql does. */
  private static OpenTransaction openTransaction() throws Exception {
    Connection c = db.connect();
    int pid = SlotCreationWatch.backendPid(c);
    try (Statement st = c.createStatement()) {
      st.execute("SET application_name = 'monthly-report'");
      c.setAutoCommit(false);
      st.execute("UPDATE ledger SET v = v + 1 WHERE id = 1");
    }
    return new OpenTransaction(c, pid);
  }
}
