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
        "CREATE TABLE unbounded (id int PRIMARY KEY, amount numeric)");
  }

  @AfterAll
  static void drop() {
    db.close();
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
