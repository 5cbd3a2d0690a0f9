package io.seam.parity.compare.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.config.MigrationConfig;
import io.seam.core.config.MigrationConfigLoader;
import io.seam.core.pg.PgCatalog;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.TableDescription;
import io.seam.core.snapshot.SnapshotReader;
import io.seam.parity.compare.fingerprint.RowFingerprint.Dialect;
import io.seam.parity.compare.fingerprint.RowFingerprint.RowHash;
import io.seam.testkit.LocalStack;
import io.seam.testkit.SharedSpark;
import io.seam.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PostgreSQL and Spark must render every supported type to the same canonical text, or parity would
 * report differences that are not there (or, worse, miss real ones). Each row's hash, key bucket and
 * day is computed on both engines and compared, over edge values of every type.
 */
@ExtendWith(SharedSpark.class)
class FingerprintIT {
  private static TestDatabase db;

  @BeforeAll
  static void database() {
    db = TestDatabase.create("fingerprint");
    db.sql("CREATE TYPE mood AS ENUM ('happy', 'sad')",
        "CREATE TABLE typed (id int PRIMARY KEY, amount numeric(12,2), tiny numeric(30,12), ts timestamptz,"
            + " local_ts timestamp, d date, note text, code char(4), tags int[], names text[], doc jsonb, js json,"
            + " u uuid, bin bytea, flag boolean, m mood, f8 float8, f4 real, i2 smallint, big bigint, t time,"
            + " ip inet, vc varchar(10))",
        "INSERT INTO typed VALUES (1, 0.00, 0, '2024-03-09 22:59:59.999999+00', '2024-03-10 02:30:00', DATE '2024-02-29',"
            + " 'plain', 'ab', ARRAY[1,-2], ARRAY['a','b c'], '{\"b\": 1, \"a\": [1, 2.50]}', '{ \"x\" : 1 }',"
            + " 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '\\x00ff10', true, 'happy', 0.1, 1.5, -32768,"
            + " -9223372036854775808, '23:59:59.999999', '10.0.0.1/8', 'x')",
        "INSERT INTO typed VALUES (2, -1234567890.99, 0.000000000001, '2024-03-09 23:00:00+00', '1999-12-31 23:59:59.5',"
            + " DATE '0001-01-01', E'üñí\\u00e9 \\U0001F600 tab\\tnew\\nline', 'abcd', ARRAY[]::int[], ARRAY[NULL,'q\"']::text[],"
            + " '[]', 'null', '00000000-0000-0000-0000-000000000000', '\\x', false, 'sad', 'NaN', '-Infinity', 0,"
            + " 9223372036854775807, '00:00', '::1', '')",
        "INSERT INTO typed VALUES (3, 9999999999.99, 123456789012345678.123456789012, '2024-10-27 00:59:59+00',"
            + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -0.0, 3.4028235e38, NULL,"
            + " NULL, NULL, NULL, NULL)",
        "INSERT INTO typed VALUES (4, 12.5, 1e-12, '2024-10-27 01:00:00+00', '2024-10-27 01:00:00', DATE '2024-10-27',"
            + " 'V3:abc', NULL, ARRAY[NULL]::int[], ARRAY[]::text[], 'null', '\"s\"', NULL, '\\xdeadbeef', NULL, NULL,"
            + " 1e308, 1e-45, 1, 1, NULL, NULL, NULL)",
        // The canonical text's separator and NULL marker inside values.
        "INSERT INTO typed (id, ts, note, code, names, vc) VALUES (5, '2024-05-01 12:00+00', '1:a,~', '~,', ARRAY[',', '~'],"
            + " ',')",
        "INSERT INTO typed (id, ts, f8) SELECT g, '1970-01-01 00:00:00+00'::timestamptz + g * interval '37 min 11.123457 s',"
            + " g / 7.0 FROM generate_series(10, 400) g");
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void seamsCopyOfHashtextextendedAgreesWithThisServer() throws Exception {
    try (Connection c = new PgConnections(MigrationConfigLoader.load(config()).source()).open()) {
      assertThat(PgTextHash.disagreement(c)).isEmpty();
    }
  }

  private static Path config() throws Exception {
    Path dir = Files.createTempDirectory("seam-fp");
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, db.migrationYaml("  - name: typed\n    day_column: ts\n    day_time_zone: Europe/Berlin\n"
        + "    sum_columns: [amount, tiny, f8, i2]\n", dir.resolve("lake"), db.name() + "_slot", ""));
    return file;
  }

  @ParameterizedTest
  @EnumSource(RowHash.class)
  void bothEnginesHashBucketAndDayEveryRowAlike(RowHash hash, SparkSession spark) throws Exception {
    SparkCanonicalText.register(spark);
    MigrationConfig config = MigrationConfigLoader.load(config());
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    PgConnections connections = new PgConnections(config.source());
    TableDescription table;
    try (Connection c = connections.open()) {
      table = new PgCatalog(c).describe(config.tables().get(0).table());
    }
    RowFingerprint fp = new RowFingerprint(table, config.tables().get(0), List.of("id"), 64, hash);

    Map<Integer, String> pg = new TreeMap<>();
    try (Connection c = connections.open(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id, " + fp.rowHash(Dialect.POSTGRES) + ", " + fp.keyBucket(Dialect.POSTGRES)
             + ", " + fp.dayOf(Dialect.POSTGRES) + " FROM typed")) {
      while (rs.next()) {
        pg.put(rs.getInt(1), rs.getLong(2) + " " + rs.getInt(3) + " " + rs.getString(4));
      }
    }
    Properties p = new Properties();
    p.putAll(connections.baseProperties());
    p.setProperty("password", LocalStack.pgPassword());
    p.setProperty("customSchema", SnapshotReader.customSchema(table));
    Dataset<Row> rows = spark.read().jdbc(connections.jdbcUrl(), "typed", p);
    Map<Integer, String> sp = new TreeMap<>();
    for (Row r : rows.selectExpr("id", fp.rowHash(Dialect.SPARK), fp.keyBucket(Dialect.SPARK), fp.dayOf(Dialect.SPARK))
        .collectAsList()) {
      sp.put(r.getInt(0), r.getLong(1) + " " + r.getInt(2) + " " + r.getString(3));
    }
    assertThat(sp).hasSize(396);
    // Per column first, so a failure names the column and both renderings.
    for (String column : fp.columnNames()) {
      Map<Integer, String> pgText = new TreeMap<>();
      try (Connection c = connections.open(); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT id, " + fp.canonical(Dialect.POSTGRES, column) + " FROM typed")) {
        while (rs.next()) {
          pgText.put(rs.getInt(1), rs.getString(2));
        }
      }
      Map<Integer, String> spText = new TreeMap<>();
      for (Row r : rows.selectExpr("id", fp.canonical(Dialect.SPARK, column)).collectAsList()) {
        spText.put(r.getInt(0), r.getString(1));
      }
      Map<Integer, String> differ = new TreeMap<>();
      pgText.forEach((id, v) -> {
        if (!v.equals(spText.get(id))) {
          differ.put(id, "postgres " + v + " | spark " + spText.get(id));
        }
      });
      assertThat(differ).as("column " + column).isEmpty();
    }
    Map<Integer, String> differ = new TreeMap<>();
    pg.forEach((id, v) -> {
      if (!v.equals(sp.get(id))) {
        differ.put(id, "postgres " + v + " | spark " + sp.get(id));
      }
    });
    assertThat(differ).isEmpty();
    // Midnight in Berlin (UTC+1 in March, UTC+2 until the end of October's DST).
    assertThat(pg.get(1)).endsWith(" 2024-03-09");
    assertThat(pg.get(2)).endsWith(" 2024-03-10");
    assertThat(pg.get(3)).endsWith(" 2024-10-27");  // 01:59:59 CEST
    assertThat(pg.get(4)).endsWith(" 2024-10-27");  // 02:00 CET, the repeated hour

    // The sargable day predicate selects exactly the rows the day expression puts on that day.
    for (String day : List.of("2024-03-09", "2024-03-10", "2024-10-27", "1970-01-02")) {
      assertThat(db.column("SELECT count(*) FROM typed WHERE " + fp.pgDayPredicate(day)))
          .isEqualTo(db.column("SELECT count(*) FROM typed WHERE " + fp.dayOf(Dialect.POSTGRES) + " = '" + day + "'"));
    }
    assertThat(db.column("SELECT count(*) FROM typed WHERE " + fp.pgDayPredicate(RowFingerprint.NO_DAY))).containsExactly("0");
    // So does Spark's (its range part only lets Delta skip files; the rows are the same).
    for (String day : List.of("2024-03-09", "2024-03-10", "2024-10-27", "1970-01-02", "1970-01-01")) {
      assertThat(rows.where(fp.sparkDayPredicate(day)).count()).as(day)
          .isEqualTo(rows.where(fp.dayOf(Dialect.SPARK) + " = '" + day + "'").count())
          .isEqualTo(Long.parseLong(db.column("SELECT count(*) FROM typed WHERE " + fp.pgDayPredicate(day)).get(0)));
    }
    // Several days at once: the same rows, and the ranges reach the Parquet reader (page skipping) as a
    // filter of their own, which they do not inside one OR with the computed exact tests.
    List<String> days = List.of("2024-03-09", "2024-10-27", "1970-01-02");
    java.nio.file.Path copy = java.nio.file.Files.createTempDirectory("seam-days");
    rows.write().mode("overwrite").parquet(copy.toString());
    Dataset<Row> files = spark.read().parquet(copy.toString());
    Dataset<Row> selected = files.where(fp.sparkDaysFilter(days, days.stream().map(fp::sparkDayPredicate).toList()));
    assertThat(selected.count()).isEqualTo(files.where(String.join(" OR ", days.stream()
        .map(d -> fp.dayOf(Dialect.SPARK) + " = '" + d + "'").toList())).count());
    String plan = selected.queryExecution().executedPlan().toString();
    assertThat(plan.substring(plan.indexOf("PushedFilters"))).as(plan).startsWith("PushedFilters: [Or(")
        .contains("GreaterThanOrEqual(");

    // Aggregates agree as well, sums exactly.
    String pgAgg = db.column("SELECT concat_ws(' ', " + String.join(", ", fp.aggregates(Dialect.POSTGRES)).replaceAll(
        " AS seam_\\w+", "") + ") FROM typed").get(0);
    Row sa = rows.withColumn(RowFingerprint.ROW_HASH_COLUMN, org.apache.spark.sql.functions.expr(fp.rowHash(Dialect.SPARK)))
        .selectExpr(fp.aggregates(Dialect.SPARK).toArray(String[]::new)).first();
    assertThat(pgAgg.split(" ")[0]).isEqualTo(Long.toString(sa.getLong(0)));
    assertThat(pgAgg.split(" ")[1]).isEqualTo(sa.getDecimal(1).toPlainString());
    assertThat(pgAgg.split(" ")[2]).isEqualTo(sa.getDecimal(2).toPlainString());
    assertThat(pgAgg.split(" ")[3]).isEqualTo(sa.getDecimal(3).toPlainString());
    // A float sum leaves NaN and the infinities out on both engines (f8 holds both), else equal to rounding.
    assertThat(sa.getDouble(4)).isFinite().isCloseTo(Double.parseDouble(pgAgg.split(" ")[4]),
        org.assertj.core.data.Percentage.withPercentage(1e-9));
  }
}
