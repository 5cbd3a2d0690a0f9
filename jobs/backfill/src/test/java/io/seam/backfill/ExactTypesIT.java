package io.seam.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.core.config.MigrationConfig;
import io.seam.core.pg.TypeMapping;
import io.seam.testkit.SharedSpark;
import io.seam.testkit.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Business columns keep their exact types and values; what cannot be exact is a clear error. */
@ExtendWith(SharedSpark.class)
class ExactTypesIT {
  private static TestDatabase db;

  @BeforeAll
  static void database() {
    db = TestDatabase.create("types");
    db.sql("CREATE TYPE mood AS ENUM ('happy', 'sad')",
        "CREATE TABLE typed (id int PRIMARY KEY, amount numeric(12,2), ts timestamptz, local_ts timestamp, d date,"
            + " note text, tags int[], doc jsonb, u uuid, bin bytea, flag boolean, m mood, f8 float8, i2 smallint,"
            + " t time, big bigint)",
        "INSERT INTO typed SELECT g, (g % 997) * 0.01 + 1234567.89, '2024-01-01 00:00:00+00'::timestamptz + g * interval '1 min',"
            + " '2024-01-01'::timestamp + g * interval '1 s', DATE '2024-02-29', 'n' || g, ARRAY[g, g + 1], jsonb_build_object('g', g),"
            + " gen_random_uuid(), '\\xdeadbeef', g % 2 = 0, 'happy', g / 3.0, 7, '12:34:56', 9007199254740993"
            + " FROM generate_series(1, 10000) g",
        "INSERT INTO typed (id, ts, local_ts) VALUES (0, '2024-03-31 01:30:00+02', '2024-03-10 02:30:00')",
        "CREATE TABLE unbounded (id int PRIMARY KEY, amount numeric)",
        "CREATE TABLE spans (id int PRIMARY KEY, took interval)",
        // every wire format the COPY reader decodes, and the text forms it asks PostgreSQL for
        "CREATE TABLE wide (id int PRIMARY KEY, f4 real, f8 float8, i2s smallint[], texts text[], v varchar(10),"
            + " c char(5), ip inet, mac macaddr, big numeric(38,10), small numeric(4,4),"
            + " old_d date, old_ts timestamptz, ntz timestamp, x xml, j json, moods mood[], ids uuid[], flags bool[],"
            + " raw bytea, nm name, dates date[], stamps timestamptz[])",
        "INSERT INTO wide SELECT g, g / 7.0, CASE g % 50 WHEN 0 THEN 'NaN' WHEN 1 THEN '-Infinity' ELSE g * 1e-3 END,"
            + " ARRAY[g, NULL, -g]::smallint[], CASE g % 3 WHEN 0 THEN ARRAY[]::text[] ELSE ARRAY['a' || g, NULL, 'ü,\"{}'] END,"
            + " 'v' || g, 'c' || (g % 10), ('10.0.' || (g % 256) || '.1/24')::inet,"
            + " '08:00:2b:01:02:03', (g - 5000) * 12345678901.0123456789 * 1e10,"
            + " (g % 9999) / 10000.0, DATE '1969-12-31' - g, '1950-06-01 12:00:00.000001+00'::timestamptz - g * interval '1 h',"
            + " '2038-01-19 03:14:07.999999'::timestamp + g * interval '1 ms', ('<a n=\"' || g || '\"/>')::xml,"
            + " json_build_object('g', g, 's', 'x y'), ARRAY['sad', 'happy']::mood[], ARRAY[gen_random_uuid()],"
            + " ARRAY[true, NULL, false], decode('00ff00' || lpad(to_hex(g), 8, '0'), 'hex'), 'n' || g,"
            + " ARRAY[DATE '2000-01-01' + g, NULL], ARRAY['2000-01-01 00:00:00+00'::timestamptz - g * interval '1 s']"
            + " FROM generate_series(1, 3000) g",
        "INSERT INTO wide (id, texts, raw, v) VALUES (0, ARRAY[''], '', '')");
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  private static String parquetType(SparkSession spark, String file, String column) {
    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile
        .fromPath(new org.apache.hadoop.fs.Path(file), spark.sparkContext().hadoopConfiguration()))) {
      var type = reader.getFooter().getFileMetaData().getSchema().getType(column).asPrimitiveType();
      return type.getPrimitiveTypeName() + " " + type.getLogicalTypeAnnotation();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void valuesAndTypesAreExact(SparkSession spark, @TempDir Path dir) {
    MigrationConfig config = BackfillFixture.config(db, dir, "  - name: typed\n", "backfill:\n  splits: 3\n");
    new BackfillRunner(spark, config).run(false);
    var target = BackfillFixture.target(spark, config, "typed");

    StructType schema = target.schema();
    assertThat(schema.apply("amount").dataType()).isEqualTo(DataTypes.createDecimalType(12, 2));
    assertThat(schema.apply("ts").dataType()).isEqualTo(DataTypes.TimestampType);
    assertThat(schema.apply("local_ts").dataType()).isEqualTo(DataTypes.TimestampNTZType);
    // On disk, INT64 microseconds (not Spark's legacy INT96): readers can skip pages by time.
    assertThat(parquetType(spark, target.inputFiles()[0], "ts")).isEqualTo("INT64 TIMESTAMP(MICROS,true)");
    assertThat(schema.apply("tags").dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.IntegerType, true));
    assertThat(schema.apply("bin").dataType()).isEqualTo(DataTypes.BinaryType);
    for (String s : List.of("doc", "u", "m", "t", "note")) {
      assertThat(schema.apply(s).dataType()).as(s).isEqualTo(DataTypes.StringType);
    }

    BigDecimal pgSum = new BigDecimal(db.scalar("SELECT sum(amount) FROM typed"));
    assertThat(target.selectExpr("sum(amount)").first().getDecimal(0)).as("sum to the cent").isEqualTo(pgSum);
    assertThat(target.selectExpr("sum(f8)").first().getDouble(0))
        .isEqualTo(Double.parseDouble(db.scalar("SELECT sum(f8) FROM typed")));

    Row special = target.where("id = 0").first();
    assertThat(special.<Timestamp>getAs("ts").toInstant()).as("timestamptz is the UTC instant")
        .isEqualTo(Instant.parse("2024-03-30T23:30:00Z"));
    assertThat(special.<LocalDateTime>getAs("local_ts")).as("timestamp keeps its wall-clock value, even in a DST gap")
        .isEqualTo(LocalDateTime.parse("2024-03-10T02:30:00"));
    assertThat(special.isNullAt(special.fieldIndex("amount"))).as("NULL stays NULL").isTrue();
    assertThat(special.isNullAt(special.fieldIndex("note"))).isTrue();
    assertThat(special.isNullAt(special.fieldIndex("tags"))).isTrue();

    Row one = target.where("id = 1").first();
    assertThat(one.<BigDecimal>getAs("amount")).isEqualTo(new BigDecimal("1234567.90"));
    assertThat(one.<java.sql.Date>getAs("d").toLocalDate()).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(one.<String>getAs("doc")).isEqualTo("{\"g\": 1}");
    assertThat(one.<byte[]>getAs("bin")).containsExactly(0xde, 0xad, 0xbe, 0xef);
    assertThat(one.<String>getAs("m")).isEqualTo("happy");
    assertThat(one.<String>getAs("t")).isEqualTo("12:34:56");
    assertThat(one.<Long>getAs("big")).as("beyond double precision").isEqualTo(9007199254740993L);
    assertThat(one.getList(one.fieldIndex("tags"))).containsExactly(1, 2);
    assertThat(one.<String>getAs("u")).isEqualTo(db.scalar("SELECT u FROM typed WHERE id = 1"));
  }

  /**
   * The COPY reader (the default) and Spark's JDBC source read the same snapshot of the same table into
   * the same values, for every wire format COPY decodes and every type read through its text form.
   */
  @Test
  void bothReadersGiveTheSameRows(SparkSession spark, @TempDir Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("copy"));
    java.nio.file.Files.createDirectories(dir.resolve("jdbc"));
    MigrationConfig copy = BackfillFixture.config(db, dir.resolve("copy"), "  - name: wide\n",
        "backfill:\n  splits: 3\n", db.name() + "_copy");
    MigrationConfig jdbc = BackfillFixture.config(db, dir.resolve("jdbc"), "  - name: wide\n",
        "backfill:\n  splits: 2\n  reader: jdbc\n", db.name() + "_jdbc");
    assertThat(copy.backfill().reader()).isEqualTo(io.seam.core.config.BackfillConfig.SplitReader.COPY);
    new BackfillRunner(spark, copy).run(false);
    new BackfillRunner(spark, jdbc).run(false);

    String[] business = spark.read().format("delta").load(copy.target().tablePath(io.seam.core.pg.TableRef.parse("wide")))
        .schema().fieldNames();
    business = java.util.Arrays.stream(business).filter(c -> !c.startsWith("_seam_")).toArray(String[]::new);
    var a = BackfillFixture.target(spark, copy, "wide").selectExpr(business);
    var b = BackfillFixture.target(spark, jdbc, "wide").selectExpr(business);
    assertThat(a.schema()).isEqualTo(b.schema());
    assertThat(a.count()).isEqualTo(3001);
    assertThat(a.exceptAll(b).count()).as("rows only the COPY reader produced").isZero();
    assertThat(b.exceptAll(a).count()).as("rows only the JDBC reader produced").isZero();

    Row one = a.where("id = 1").first();
    assertThat(one.<String>getAs("c")).as("char(n) keeps its padding").isEqualTo("c1   ");
    assertThat(one.<BigDecimal>getAs("big")).isEqualTo(new BigDecimal(db.scalar("SELECT big FROM wide WHERE id = 1")));
    assertThat(one.getList(one.fieldIndex("texts"))).containsExactly("a1", null, "ü,\"{}");
    assertThat(one.<Timestamp>getAs("old_ts").toInstant()).isEqualTo(Instant.parse("1950-06-01T11:00:00.000001Z"));
    Row empty = a.where("id = 0").first();
    assertThat(empty.getList(empty.fieldIndex("texts"))).containsExactly("");
    assertThat(empty.<byte[]>getAs("raw")).isEmpty();
  }

  @Test
  void aValueSparkCannotHoldStopsTheReadNamingTheColumn(SparkSession spark, @TempDir Path dir) {
    db.sql("CREATE TABLE forever (id int PRIMARY KEY, valid_until timestamptz)",
        "INSERT INTO forever VALUES (1, now()), (2, 'infinity')");
    MigrationConfig config = BackfillFixture.config(db, dir, "  - name: forever\n", "", db.name() + "_forever");
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> new BackfillRunner(spark, config).run(false));
    assertThat(io.seam.core.Causes.explanation(failure)).as("what the job logs, under Spark's task-failure wrapping")
        .startsWith("public.forever split 1 of 1: column public.forever.valid_until holds infinity, which a Spark"
            + " timestamp cannot hold");
  }

  @Test
  void aColumnTheStreamCannotCarryFailsBeforeAnythingIsCreated(SparkSession spark, @TempDir Path dir) {
    MigrationConfig config = BackfillFixture.config(db, dir, "  - name: spans\n", "", db.name() + "_spans");
    assertThatThrownBy(() -> new BackfillRunner(spark, config).run(false))
        .isInstanceOf(TypeMapping.TypeMappingException.class)
        .hasMessageStartingWith("column public.spans.took: type interval reaches the stream in another text form");
    assertThat(db.scalar("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + db.name() + "_spans'"))
        .as("no slot left behind").isEqualTo("0");
  }

  @Test
  void unboundedNumericFailsBeforeAnythingIsCreated(SparkSession spark, @TempDir Path dir) {
    MigrationConfig config = BackfillFixture.config(db, dir, "  - name: unbounded\n", "", db.name() + "_unbounded");
    assertThatThrownBy(() -> new BackfillRunner(spark, config).run(false))
        .isInstanceOf(TypeMapping.TypeMappingException.class)
        .hasMessageStartingWith("column public.unbounded.amount: type numeric is an unbounded numeric");
    assertThat(db.scalar("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + db.name() + "_unbounded'"))
        .as("no slot left behind").isEqualTo("0");
    assertThat(db.scalar("SELECT count(*) FROM pg_publication WHERE pubname = '" + db.name() + "_unbounded_pub'"))
        .as("no publication either").isEqualTo("0");
  }
}
