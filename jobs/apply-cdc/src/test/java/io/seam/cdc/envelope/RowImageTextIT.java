package io.seam.cdc.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.cdc.batch.ParsedRecords;
import io.seam.testkit.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The column decodings were written against Spark's {@code from_json} with every field read as a string;
 * the parser now hands them its own text of each field, through the batch's row-image map. Both must give
 * the same text for every kind of value Debezium emits, or a decoding would convert a different value
 * (no services needed, only Spark).
 */
@ExtendWith(SharedSpark.class)
class RowImageTextIT {
  private static final String[] FIELDS = {"i", "big", "neg", "f8", "f4", "tiny", "huge", "negzero", "flag", "s",
      "esc", "uni", "ints", "texts", "nested", "nul", "micros", "dec"};
  private static final StructType KAFKA = new StructType().add("key", DataTypes.BinaryType)
      .add("value", DataTypes.BinaryType).add("topic", DataTypes.StringType).add("partition", DataTypes.IntegerType)
      .add("offset", DataTypes.LongType);

  @Test
  void theParsersFieldTextIsWhatFromJsonGivesAStringField(SparkSession spark) {
    List<String> images = List.of(
        "{\"i\":1,\"big\":9007199254740993,\"neg\":-9223372036854775808,\"f8\":0.1,\"f4\":3.4028235E38,"
            + "\"tiny\":4.9E-324,\"huge\":1e20,\"negzero\":-0.0,\"flag\":true,\"s\":\"plain\",\"esc\":\"a\\\"b\\\\c\\n\\t\","
            + "\"uni\":\"\\u00fc\\ud83d\\ude00\",\"ints\":[1,-2,3],\"texts\":[\"a,b\",\"\\\"q\\\"\",null],"
            + "\"nested\":{\"k\":[1,{\"x\":null}]},\"nul\":null,\"micros\":1710037800000001,\"dec\":\"-12.50\"}",
        "{\"i\":0,\"big\":-1,\"neg\":0,\"f8\":-1.7976931348623157E308,\"f4\":1.0E-5,\"tiny\":1.5,\"huge\":12345678.9,"
            + "\"negzero\":0,\"flag\":false,\"s\":\"\",\"esc\":\"\",\"uni\":\"__debezium_unavailable_value\","
            + "\"ints\":[],\"texts\":[\"__debezium_unavailable_value\"],\"nested\":{},\"nul\":null,\"micros\":0,"
            + "\"dec\":\"0.000000000001\"}");
    List<Row> records = new ArrayList<>();
    for (int n = 0; n < images.size(); n++) {
      records.add(RowFactory.create(null, change(images.get(n)).getBytes(StandardCharsets.UTF_8), "t", 0, (long) n));
    }
    Dataset<Row> parsed = ParsedRecords.parse(spark.createDataFrame(records, KAFKA), Map.of("public.t", List.of(FIELDS)));
    String schema = String.join(", ", Arrays.stream(FIELDS).map(f -> "`" + f + "` STRING").toList());
    List<String> lookups = new ArrayList<>();
    List<String> fromJson = new ArrayList<>();
    for (int i = 0; i < FIELDS.length; i++) {
      String f = FIELDS[i];
      lookups.add("concat('" + f + "=', coalesce(image[" + i + "], 'NULL'))");
      fromJson.add("concat('" + f + "=', coalesce(from_json(get_json_object(raw_value, '$.after'), '" + schema + "')."
          + f + ", 'NULL'))");
    }
    List<Row> rows = parsed.orderBy("offset").selectExpr("array(" + String.join(", ", lookups) + ")",
        "array(" + String.join(", ", fromJson) + ")", "fields", "error").collectAsList();
    assertThat(rows).hasSize(images.size());
    for (Row r : rows) {
      assertThat(r.isNullAt(3)).as("parse error %s", r.get(3)).isTrue();
      assertThat(r.<String>getList(0)).containsExactlyElementsOf(r.<String>getList(1));
      assertThat(r.<String>getList(2)).as("fields in the record's order").containsExactly(FIELDS);
    }
  }

  @Test
  void anImageFollowsItsTablesLayout(SparkSession spark) {
    String delete = change("null").replace("\"before\":null", "\"before\":{\"id\":7,\"note\":null}")
        .replace("\"op\":\"u\"", "\"op\":\"d\"");
    String update = change("{\"note\":\"n\",\"id\":8,\"added\":\"x\"}");
    String other = update.replace("\"table\":\"t\"", "\"table\":\"elsewhere\"");
    List<Row> records = new ArrayList<>();
    for (String v : List.of(delete, update, other)) {
      records.add(RowFactory.create(null, v.getBytes(StandardCharsets.UTF_8), "t", 0, (long) records.size()));
    }
    List<Row> rows = ParsedRecords.parse(spark.createDataFrame(records, KAFKA),
        Map.of("public.t", List.of("id", "note", "gone"))).orderBy("offset")
        .selectExpr("image", "fields", "table_name").collectAsList();
    // A delete carries its before image; a column the image lacks is null; the order is the layout's.
    assertThat(rows.get(0).<String>getList(0)).containsExactly("7", null, null);
    assertThat(rows.get(0).isNullAt(1)).as("a delete has no after image, so no field list").isTrue();
    assertThat(rows.get(1).<String>getList(0)).containsExactly("8", "n", null);
    assertThat(rows.get(1).<String>getList(1)).as("the record's own fields, new ones included")
        .containsExactly("note", "id", "added");
    assertThat(rows.get(2).getString(2)).isEqualTo("public.elsewhere");
    assertThat(rows.get(2).isNullAt(0)).as("a table outside the migration gets no image").isTrue();
  }

  /** A change record around {@code after}, as Seam's Debezium configuration emits it. */
  private static String change(String after) {
    return "{\"before\":null,\"after\":" + after + ",\"source\":{\"schema\":\"public\",\"table\":\"t\",\"txId\":7,"
        + "\"sequence\":\"[\\\"100\\\",\\\"200\\\"]\",\"ts_us\":1},\"transaction\":{\"id\":\"7:200\","
        + "\"total_order\":1,\"data_collection_order\":1},\"op\":\"u\"}";
  }
}
