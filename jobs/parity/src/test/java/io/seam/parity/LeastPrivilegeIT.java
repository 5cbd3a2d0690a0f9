package io.seam.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.backfill.BackfillRunner;
import io.seam.cdc.ApplyCdcRunner;
import io.seam.cdc.StreamFixture;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.MigrationConfigLoader;
import io.seam.parity.report.Verdict;
import io.seam.testkit.LocalStack;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole migration with a source role that has only LOGIN, REPLICATION and SELECT on the migrated
 * table: no superuser, no ownership, no CREATE. The table's owner creates the publication beforehand
 * (docs/security.md); backfill, Debezium, the apply job and parity then need nothing more.
 */
@ExtendWith(SharedSpark.class)
class LeastPrivilegeIT {

  @Test
  void aReplicationAndSelectOnlyRoleBackfillsStreamsAndProvesParity(SparkSession spark, @TempDir Path dir)
      throws Exception {
    String role = "seam_reader_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    StreamFixture.Prepared owner = StreamFixture.prepare(spark, "leastpriv", dir, """
          - name: orders
            day_column: created_at
            sum_columns: [amount]
        """, List.of(
        "CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric(10,2) NOT NULL, created_at timestamptz NOT NULL)",
        "INSERT INTO orders SELECT g, g * 1.5, '2024-05-01'::timestamptz + g * interval '1 h' FROM generate_series(1, 500) g"),
        "");
    String db = owner.db().name();
    owner.db().sql("CREATE PUBLICATION " + db + "_slot_pub FOR TABLE orders");  // the owner's (a DBA's) one step
    LocalStack.adminSql("postgres", "CREATE ROLE " + role + " LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE"
        + " PASSWORD '" + LocalStack.pgPassword() + "'");
    try {
      owner.db().sql("GRANT SELECT ON orders TO " + role);
      Path file = dir.resolve("migration.yaml");
      Files.writeString(file, Files.readString(file).replace("user: " + LocalStack.pgUser(), "user: " + role));
      MigrationConfig config = MigrationConfigLoader.load(file);
      assertThat(config.source().user()).isEqualTo(role);

      new BackfillRunner(spark, config).run(false);
      try (StreamFixture f = new StreamFixture.Prepared(spark, owner.db(), config).stream()) {
        owner.db().sql("UPDATE orders SET amount = amount + 1 WHERE id <= 10", "DELETE FROM orders WHERE id > 490",
            "INSERT INTO orders VALUES (1000, 9.99, now())");
        SparkSession applySession = spark.newSession();
        Thread apply = new Thread(() -> new ApplyCdcRunner(applySession, config).run(ApplyCdcRunner.Mode.CONTINUOUS),
            "apply-cdc");
        apply.setDaemon(true);
        apply.start();
        try {
          ParityRunner.Outcome o = new ParityRunner(spark, config).run();
          assertThat(o.verdict()).as(o.report().message()).isEqualTo(Verdict.CLEAN);
          assertThat(o.report().tables()).singleElement().satisfies(t -> assertThat(t.sourceRows()).isEqualTo(491));
        } finally {
          for (StreamingQuery q : applySession.streams().active()) {
            q.stop();
          }
          apply.join(60_000);
        }
      }
    } finally {
      owner.db().close();
      LocalStack.adminSql("postgres", "DROP ROLE IF EXISTS " + role);
    }
  }
}
