package io.seam.cdc.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.live.ColumnDecoding;
import io.seam.core.live.ColumnDecoding.Kind;
import io.seam.core.live.LiveTablePlan;
import io.seam.testkit.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The parser evaluates each table's {@link LiveTablePlan#imageErrorsSql} on its own, outside a query plan;
 * it must say exactly what Spark says when the same SQL runs as a query, for every decoding kind, good values,
 * values that do not convert, nulls and the unchanged-TOAST placeholder (no services needed, only Spark).
 */
@ExtendWith(SharedSpark.class)
class DecodeChecksIT {
  private static final String TABLE = "public.every_kind";
  private static final String TOAST = ColumnDecoding.UNAVAILABLE;
  private static final LiveTablePlan PLAN = new LiveTablePlan(TABLE, List.of(
      new ColumnDecoding("id", DataTypes.IntegerType, Kind.CAST),
      new ColumnDecoding("amount", DataTypes.createDecimalType(12, 2), Kind.CAST),
      new ColumnDecoding("paid", DataTypes.BooleanType, Kind.CAST),
      new ColumnDecoding("ratio", DataTypes.DoubleType, Kind.CAST),
      new ColumnDecoding("at", DataTypes.TimestampType, Kind.TIMESTAMPTZ),
      new ColumnDecoding("local", DataTypes.TimestampNTZType, Kind.TIMESTAMP),
      new ColumnDecoding("day", DataTypes.DateType, Kind.DATE),
      new ColumnDecoding("clock", DataTypes.StringType, Kind.TIME),
      new ColumnDecoding("blob", DataTypes.BinaryType, Kind.BYTEA),
      new ColumnDecoding("ints", DataTypes.createArrayType(DataTypes.IntegerType), Kind.ARRAY),
      new ColumnDecoding("it's", DataTypes.StringType, Kind.TEXT)), List.of("id"));
  private static final String TOAST_BASE64 = java.util.Base64.getEncoder().encodeToString(TOAST.getBytes(
      java.nio.charset.StandardCharsets.UTF_8));

  /** Images of every sort; the last is a change without one. */
  private static final List<String[]> IMAGES = Arrays.asList(
      image("1", "12.50", "true", "0.25", "2026-03-10T02:30:00.000001Z", "1710037800000001", "20522", "45296000001",
          "AAEC", "[1,2,null]", "plain"),
      image("2", null, null, null, null, null, null, null, null, null, null),
      image("3", "12.50", "false", "1e300", "2026-03-10T02:30:00Z", "0", "-1", "0", TOAST_BASE64,
          "[\"" + TOAST + "\"]", TOAST),
      image("4", "not a number", "maybe", "x", "yesterday", "noon", "day one", "later", "***", "[1,", "any"),
      image(null, "1", "true", "1", "2026-03-10T02:30:00Z", "1", "1", "1", "AA==", "[]", ""),
      image("99999999999", "123456789012.5", "t", "NaN", "2026-13-40T00:00:00Z", "9223372036854775807", "2932896",
          "-1", "AA=", "[\"a\"]", "x"),
      null);

  @Test
  void eachTablesCheckSaysWhatTheSameSqlSaysAsAQuery(SparkSession spark) {
    DecodeChecks checks = DecodeChecks.of(spark, Map.of(TABLE, PLAN.imageErrorsSql()));
    List<Row> rows = new ArrayList<>();
    for (String[] image : IMAGES) {
      rows.add(RowFactory.create((Object) image));
    }
    StructType schema = new StructType().add("image", DataTypes.createArrayType(DataTypes.StringType, true));
    List<String> fromQuery = spark.createDataFrame(rows, schema)
        .selectExpr("nullif(" + PLAN.imageErrorsSql() + ", '')").collectAsList().stream().map(r -> r.getString(0))
        .toList();
    List<String> fromChecks = IMAGES.stream().map(image -> checks.errorOf(TABLE, image)).toList();

    assertThat(fromChecks).containsExactlyElementsOf(fromQuery);
    assertThat(fromChecks.get(0)).as("every value converts").isNull();
    assertThat(fromChecks.get(1)).as("nulls outside the key").isNull();
    assertThat(fromChecks.get(2)).as("placeholders and edge values").isNull();
    assertThat(fromChecks.get(3)).startsWith("column amount: cannot convert not a number to DECIMAL(12,2); ")
        .contains("column paid: cannot convert maybe to BOOLEAN", "column at: cannot convert yesterday",
            "column local: cannot convert noon", "column day: cannot convert day one", "column clock: cannot convert",
            "column blob: cannot convert ***", "column ints: cannot convert [1,").doesNotContain("it's");
    assertThat(fromChecks.get(4)).isEqualTo("primary key column id is null");
    assertThat(fromChecks.get(6)).as("no image at all").isEqualTo("primary key column id is null");
    assertThat(fromChecks.get(5)).contains("column id: cannot convert 99999999999 to INT",
        "column amount: cannot convert 123456789012.5 to DECIMAL(12,2)", "column at: cannot convert 2026-13-40");
  }

  @Test
  void aTableOutsideTheMigrationIsNamedAndNothingIsCheckedWithoutChecks(SparkSession spark) {
    DecodeChecks checks = DecodeChecks.of(spark, Map.of(TABLE, PLAN.imageErrorsSql()));

    assertThat(checks.errorOf("public.elsewhere", IMAGES.get(0)))
        .isEqualTo("table public.elsewhere is not in this migration (tables[] of the config)");
    assertThat(DecodeChecks.NONE.errorOf("public.elsewhere", IMAGES.get(3))).isNull();
  }

  private static String[] image(String... values) {
    return Arrays.copyOf(values, values.length);
  }
}
