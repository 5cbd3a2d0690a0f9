package io.seam.parity.compare.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.MetadataColumns;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.MigrationConfigLoader;
import io.seam.core.pg.PgCatalog;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.TableDescription;
import io.seam.core.snapshot.SnapshotReader;
import io.seam.parity.compare.Bucket;
import io.seam.parity.compare.BucketStats;
import io.seam.parity.compare.Granularity;
import io.seam.parity.compare.fingerprint.RowFingerprint.RowHash;
import io.seam.parity.compare.fingerprint.RowFingerprint;
import io.seam.parity.compare.fingerprint.SparkCanonicalText;
import io.seam.testkit.LocalStack;
import io.seam.testkit.SharedSpark;
import io.seam.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The warm-up parity runs while it waits for the stream only reads: it warms a real Delta table, leaves its
 * versions and the comparison's figures as they were, and a warm-up that cannot run, or is stopped early,
 * never fails parity.
 */
@ExtendWith(SharedSpark.class)
class TargetWarmUpIT {
  private static TestDatabase db;

  @BeforeAll
  static void database() {
    db = TestDatabase.create("warmup");
    db.sql("CREATE TABLE orders (id int PRIMARY KEY, created_at timestamptz NOT NULL, amount numeric(12,2), note text)",
        "INSERT INTO orders SELECT g, '2024-01-01 00:00+00'::timestamptz + g * interval '7 min', g / 100.0, 'n' || g"
            + " FROM generate_series(1, 3000) g");
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void warmsATableAndLeavesItsVersionsAndFiguresAsTheyWere(SparkSession spark) throws Exception {
    Path dir = Files.createTempDirectory("seam-warmup");
    RowFingerprint fp = fingerprint(spark, dir);
    String path = dir.resolve("orders").toString();
    long version = TargetSide.latestVersion(spark, path);
    TargetSide side = new TargetSide(spark, path, version, fp);
    Map<Bucket, BucketStats> before = side.figures(Granularity.FIRST, List.of());
    assertThat(before.values().stream().mapToLong(BucketStats::rows).sum()).isEqualTo(3000);

    List<String> warmed;
    try (TargetWarmUp warmUp = TargetWarmUp.start(spark, List.of(new TargetWarmUp.Table("orders", path, fp)))) {
      warmed = awaitWarmed(warmUp, 1);
    }
    assertThat(warmed).containsExactly("orders");
    assertThat(TargetSide.latestVersion(spark, path)).isEqualTo(version);
    assertThat(side.figures(Granularity.FIRST, List.of())).isEqualTo(before);
  }

  @Test
  void aTableItCannotReadIsSkippedAndClosingStopsTheRest(SparkSession spark) throws Exception {
    Path dir = Files.createTempDirectory("seam-warmup");
    RowFingerprint fp = fingerprint(spark, dir);
    String path = dir.resolve("orders").toString();
    TargetWarmUp warmUp = TargetWarmUp.start(spark, List.of(
        new TargetWarmUp.Table("gone", dir.resolve("no-such-table").toString(), fp),
        new TargetWarmUp.Table("orders", path, fp)));
    assertThat(awaitWarmed(warmUp, 1)).containsExactly("orders");
    warmUp.close();

    TargetWarmUp stopped = TargetWarmUp.start(spark, List.of(new TargetWarmUp.Table("orders", path, fp)));
    stopped.close();
    assertThat(stopped.running()).as("close() returns once the warm-up's thread has ended").isFalse();
  }

  private static List<String> awaitWarmed(TargetWarmUp warmUp, int tables) throws InterruptedException {
    for (int i = 0; i < 1200 && warmUp.warmed().size() < tables; i++) {
      Thread.sleep(100);
    }
    return warmUp.warmed();
  }

  /** The source table's fingerprint, and its rows written as a backfilled Delta table under {@code dir}. */
  private static RowFingerprint fingerprint(SparkSession spark, Path dir) throws Exception {
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, db.migrationYaml("  - name: orders\n    day_column: created_at\n    sum_columns: [amount]\n",
        dir.resolve("lake"), db.name() + "_slot", ""));
    MigrationConfig config = MigrationConfigLoader.load(file);
    SparkCanonicalText.register(spark);
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    PgConnections connections = new PgConnections(config.source());
    TableDescription table;
    try (Connection c = connections.open()) {
      table = new PgCatalog(c).describe(config.tables().get(0).table());
    }
    Properties p = new Properties();
    p.putAll(connections.baseProperties());
    p.setProperty("password", LocalStack.pgPassword());
    p.setProperty("customSchema", SnapshotReader.customSchema(table));
    spark.read().jdbc(connections.jdbcUrl(), "orders", p)
        .withColumn(MetadataColumns.VERSION, functions.lit(0).cast("decimal(38,0)"))
        .withColumn(MetadataColumns.OP, functions.lit(MetadataColumns.OP_BACKFILL))
        .withColumn(MetadataColumns.DELETED, functions.lit(false))
        .withColumn(MetadataColumns.SOURCE_TS, functions.lit(null).cast("timestamp"))
        .withColumn(MetadataColumns.APPLIED_AT, functions.current_timestamp())
        .write().format("delta").save(dir.resolve("orders").toString());
    return new RowFingerprint(table, config.tables().get(0), List.of("id"), 64, RowHash.PG_TEXT_HASH);
  }
}
