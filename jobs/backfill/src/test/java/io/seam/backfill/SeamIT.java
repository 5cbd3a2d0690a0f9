package io.seam.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.core.snapshot.SnapshotSession;
import io.seam.core.snapshot.SnapshotSlot;
import io.seam.core.ChangeVersion;
import io.seam.core.MetadataColumns;
import io.seam.core.config.MigrationConfig;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.PgConnections;
import io.seam.testkit.SharedSpark;
import io.seam.testkit.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam: changes committed after the slot's consistent point are invisible to the backfill and
 * are in the slot instead. Fails if the snapshot import is removed from the split reads.
 */
@ExtendWith(SharedSpark.class)
class SeamIT {
  private static TestDatabase db;

  @BeforeAll
  static void database() {
    db = TestDatabase.create("seam");
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void changesAfterTheSlotAreInvisibleToTheBackfillAndWaitInTheSlot(SparkSession spark, @TempDir Path dir) {
    db.sql("CREATE TABLE accounts (id int PRIMARY KEY, balance numeric(12,2) NOT NULL, owner text)",
        "INSERT INTO accounts SELECT g, g * 1.25, 'owner ' || g FROM generate_series(1, 20000) g");
    MigrationConfig config = BackfillFixture.config(db, dir, "  - name: accounts\n", "backfill:\n  splits: 4\n");

    BackfillResult result = new BackfillRunner(spark, config).run(false, seam -> db.sql(
        "INSERT INTO accounts VALUES (20001, 1000000.00, 'late'), (20002, 5.00, 'late')",
        "UPDATE accounts SET balance = balance + 100, owner = 'changed' WHERE id <= 10",
        "DELETE FROM accounts WHERE id BETWEEN 101 AND 105"));

    List<Row> agg = BackfillFixture.target(spark, config, "accounts")
        .selectExpr("count(*)", "sum(balance)", "max(id)").collectAsList();
    assertThat(agg.get(0).getLong(0)).as("rows as of the seam").isEqualTo(20000L);
    assertThat(agg.get(0).getDecimal(1)).as("sum as of the seam").isEqualByComparingTo(new BigDecimal("250012500.00"));
    assertThat(agg.get(0).getInt(2)).as("rows inserted after the seam are absent").isEqualTo(20000);
    Row first = BackfillFixture.target(spark, config, "accounts").where("id = 1").first();
    assertThat(first.<String>getAs("owner")).as("updates after the seam are absent").isEqualTo("owner 1");
    assertThat(BackfillFixture.target(spark, config, "accounts").where("id BETWEEN 101 AND 105").count())
        .as("deletes after the seam are absent").isEqualTo(5);

    String counts = String.join(",", db.column("SELECT k || n FROM (SELECT substr(data, 1, 1)::text AS k, count(*) AS n"
        + " FROM pg_logical_slot_peek_binary_changes('" + result.slot() + "', NULL, NULL, 'proto_version', '1',"
        + " 'publication_names', '" + config.replication().publication() + "')"
        + " WHERE substr(data, 1, 1) IN ('\\x49', '\\x55', '\\x44') GROUP BY 1) c ORDER BY 1"));
    assertThat(counts).as("the slot holds exactly the post-seam changes: 5 D, 2 I, 10 U")
        .isEqualTo("\\x445,\\x492,\\x5510");

    Row meta = BackfillFixture.target(spark, config, "accounts").where("id = 2").first();
    assertThat(meta.<BigDecimal>getAs(MetadataColumns.VERSION))
        .isEqualByComparingTo(ChangeVersion.BACKFILL.toDecimal());
    assertThat(meta.<String>getAs(MetadataColumns.OP)).isEqualTo("r");
    assertThat(meta.<Boolean>getAs(MetadataColumns.DELETED)).isFalse();

    SeamManifest manifest = new ManifestStore(config.target().seamDir(), spark.sparkContext().hadoopConfiguration())
        .require();
    assertThat(manifest.seamLsn()).isEqualTo(result.seam().toString());
    assertThat(manifest.slot()).isEqualTo(result.slot());
    assertThat(manifest.table("public.accounts")).hasValueSatisfying(t -> {
      assertThat(t.rowsRead()).isEqualTo(20000);
      assertThat(t.rowsWritten()).isEqualTo(20000);
      assertThat(t.splits()).isEqualTo(4);
      assertThat(t.complete()).isTrue();
    });
    Row props = spark.sql("SHOW TBLPROPERTIES delta.`" + config.target().tablePath(
        io.seam.core.pg.TableRef.parse("accounts")) + "` ('seam.seamLsn')").first();
    assertThat(props.getString(1)).isEqualTo(result.seam().toString());
  }

  /**
   * Why the guard exists: Spark's JDBC reader with fetch size 0 runs the snapshot import in a
   * transaction of its own and then silently reads the live table. The guard turns that into an error.
   */
  @Test
  void anImportOutsideTheReadsTransactionReadsLiveDataUnlessTheGuardStopsIt(SparkSession spark) {
    db.sql("CREATE TABLE ledger (id int PRIMARY KEY, v int)", "INSERT INTO ledger VALUES (1, 1)");
    MigrationConfig config = BackfillFixture.config(db, Path.of("/tmp"), "  - name: ledger\n", "");
    PgConnections connections = new PgConnections(config.source());
    try (SnapshotSlot slot = SnapshotSlot.create(connections, db.name() + "_guard",
        io.seam.core.snapshot.SlotCreationWatch.Limit.none("no limit"), s -> {})) {
      db.sql("INSERT INTO ledger VALUES (2, 2)");
      String name = slot.snapshotName();
      String ownTransaction = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SET TRANSACTION SNAPSHOT '" + name
          + "'; SET LOCAL seam.snapshot = '" + name + "'";

      assertThat(read(spark, connections, 0, ownTransaction, "true"))
          .as("fetch size 0: the import ran in its own transaction, the read saw the live table").isEqualTo(2);
      assertThatThrownBy(() -> read(spark, connections, 0, ownTransaction, SnapshotSession.guardPredicate(name)))
          .hasStackTraceContaining("seam: this split is not reading inside the exported snapshot " + name);
      assertThat(read(spark, connections, 100, SnapshotSession.initStatement(name),
          SnapshotSession.guardPredicate(name))).as("Seam's own form reads the snapshot").isEqualTo(1);
    } finally {
      db.sql("SELECT pg_drop_replication_slot('" + db.name() + "_guard')");
    }
  }

  private static long read(SparkSession spark, PgConnections c, int fetchSize, String init, String guard) {
    Properties p = new Properties();
    p.putAll(c.baseProperties());
    p.setProperty("password", c.source().password().reveal());
    p.setProperty("fetchsize", Integer.toString(fetchSize));
    p.setProperty("sessionInitStatement", init);
    return spark.read().jdbc(c.jdbcUrl(), "public.ledger", new String[] {guard}, p).count();
  }
}
