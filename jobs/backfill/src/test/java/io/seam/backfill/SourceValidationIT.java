package io.seam.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.core.config.ConfigException;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.MigrationConfigLoader;
import io.seam.core.pg.SourceException;
import io.seam.testkit.LocalStack;
import io.seam.testkit.SharedSpark;
import io.seam.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each way a source can be wrong produces the documented message, and re-runs never reuse stale state. */
@ExtendWith(SharedSpark.class)
class SourceValidationIT {
  private static TestDatabase db;

  @BeforeAll
  static void database() {
    db = TestDatabase.create("validation");
    db.sql("CREATE TABLE orders (id int PRIMARY KEY, v int)", "INSERT INTO orders SELECT g, g FROM generate_series(1, 1000) g",
        "CREATE TABLE events (id int, v int)");
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void missingTable(SparkSession spark, @TempDir Path dir) {
    MigrationConfig c = BackfillFixture.config(db, dir, "  - name: orderz\n", "");
    assertThatThrownBy(() -> new BackfillRunner(spark, c).run(false)).isInstanceOf(SourceException.class)
        .hasMessage("table public.orderz does not exist in the source database (or is not a table); check tables[].name:"
            + " unquoted names are lower-cased, quote mixed-case ones like public.\"Orders\"");
  }

  @Test
  void tableWithoutPrimaryKey(SparkSession spark, @TempDir Path dir) {
    MigrationConfig c = BackfillFixture.config(db, dir, "  - name: orders\n  - name: events\n", "");
    assertThatThrownBy(() -> new BackfillRunner(spark, c).run(false)).isInstanceOf(ConfigException.class)
        .hasMessage("table public.events has no primary key: add one (ALTER TABLE ... ADD PRIMARY KEY) or set"
            + " tables[1].primary_key to unique, non-null columns");
  }

  @Test
  void wrongPassword(SparkSession spark, @TempDir Path dir) throws IOException {
    Path badPassword = dir.resolve("pw");
    Files.writeString(badPassword, "not-the-password");
    String yaml = db.migrationYaml("  - name: orders\n", dir.resolve("lake"), "s_pw", "")
        .replace(LocalStack.pgPasswordFile().toString(), badPassword.toString());
    MigrationConfig c = MigrationConfigLoader.parse(yaml, dir);
    assertThatThrownBy(() -> new BackfillRunner(spark, c).run(false)).isInstanceOf(SourceException.class)
        .hasMessage("PostgreSQL at 127.0.0.1:" + LocalStack.pgPort() + " rejected user 'seam' (source.user): wrong"
            + " password or no pg_hba.conf entry; check the password in file:" + badPassword
            + " and that the role may log in")
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void leftoversNeedAnExplicitRestartWhichStartsFromANewSeam(SparkSession spark, @TempDir Path dir) {
    MigrationConfig c = BackfillFixture.config(db, dir, "  - name: orders\n", "");
    BackfillResult first = new BackfillRunner(spark, c).run(false);
    db.sql("INSERT INTO orders VALUES (1001, 1001)");

    assertThatThrownBy(() -> new BackfillRunner(spark, c).run(false)).isInstanceOf(SourceException.class)
        .hasMessageStartingWith("an earlier backfill of this migration left a COMPLETE backfill at seam " + first.seam())
        .hasMessageContaining("replication slot " + c.replication().slot())
        .hasMessageContaining("target table " + c.target().tablePath(io.seam.core.pg.TableRef.parse("orders")))
        .hasMessageContaining("Re-run with --restart");

    BackfillResult second = new BackfillRunner(spark, c).run(true);
    assertThat(second.seam().isAfter(first.seam())).as("a new seam, never the stale slot").isTrue();
    assertThat(BackfillFixture.target(spark, c, "orders").count()).isEqualTo(1001);
    assertThat(BackfillFixture.target(spark, c, "orders").select("_seam_version").distinct().count()).isEqualTo(1);
  }

  @Test
  void walLevelNotLogical(SparkSession spark, @TempDir Path dir) throws Exception {
    Path state = LocalStack.state().resolve("scratch-wal-replica");
    int port = LocalStack.pgPort() + 7;
    stack(state, port, "up");
    try {
      String yaml = db.migrationYaml("  - name: orders\n", dir.resolve("lake"), "s_wal", "")
          .replace("port: " + LocalStack.pgPort(), "port: " + port)
          .replace("database: " + db.name(), "database: seam_demo")
          .replace(LocalStack.pgPasswordFile().toString(), state.resolve("secrets/pg-password").toString());
      MigrationConfig c = MigrationConfigLoader.parse(yaml, dir);
      assertThatThrownBy(() -> new BackfillRunner(spark, c).run(false)).isInstanceOf(SourceException.class)
          .hasMessage("the source's wal_level is 'replica' but Seam needs 'logical': run ALTER SYSTEM SET wal_level"
              + " = logical (or set it in postgresql.conf) and restart PostgreSQL");
    } finally {
      stack(state, port, "down");
    }
  }

  private static void stack(Path state, int port, String action) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(LocalStack.home().resolve("bin/seam").toString(), "stack", action).inheritIO();
    pb.environment().put("SEAM_STATE_DIR", state.toString());
    pb.environment().put("SEAM_PG_PORT", Integer.toString(port));
    pb.environment().put("SEAM_PG_WAL_LEVEL", "replica");
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("bin/seam stack " + action).isZero();
  }
}
