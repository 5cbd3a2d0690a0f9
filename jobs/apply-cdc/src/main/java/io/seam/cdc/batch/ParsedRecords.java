package io.seam.cdc.batch;

import io.seam.cdc.envelope.ChangeEnvelope;
import io.seam.cdc.envelope.EnvelopeException;
import io.seam.cdc.envelope.EnvelopeParser;
import io.seam.cdc.envelope.RecordKind;
import io.seam.core.ChangeVersion;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Kafka records of the change topic, parsed on the executors. Every record keeps its topic,
 * partition, offset and raw key/value; a record that does not parse carries the reason in
 * {@code error} and nothing else, so it can go to the dead-letter table as it came.
 *
 * <p>A change's row image (the after image, or the before image of a delete) leaves the parser as
 * {@code image}: the JSON text of each of its table's known columns, in the order of {@code layout}
 * (null for a column the image lacks), so decoding reads {@code image[i]} instead of parsing the JSON
 * again or searching a map per column. {@code fields} lists the after image's own field names, in the
 * record's order: a name outside the layout is a source schema change. A table outside the layout gets
 * no image (its changes are dead letters anyway).
 */
public final class ParsedRecords {
  /** The column saying why a parsed change cannot be logged ({@link DecodeChecks}, in the same pass), or NULL. */
  public static final String DECODE_ERROR = "decode_error";
  public static final StructType SCHEMA = new StructType()
      .add("topic", DataTypes.StringType)
      .add("partition", DataTypes.IntegerType)
      .add("offset", DataTypes.LongType)
      .add("raw_key", DataTypes.StringType)
      .add("raw_value", DataTypes.StringType)
      .add("kind", DataTypes.StringType)
      .add("table_name", DataTypes.StringType)
      .add("op", DataTypes.StringType)
      .add("version", DataTypes.createDecimalType(ChangeVersion.PRECISION, 0))
      .add("commit_lsn", DataTypes.LongType)
      .add("source_ts_us", DataTypes.LongType)
      .add("tx_id", DataTypes.LongType)
      .add("fields", DataTypes.createArrayType(DataTypes.StringType, false))
      .add("image", DataTypes.createArrayType(DataTypes.StringType, true))
      .add("error", DataTypes.StringType)
      .add(DECODE_ERROR, DataTypes.StringType);

  private ParsedRecords() {}

  /**
   * @param kafka Spark's Kafka source columns (key, value, topic, partition, offset, ...)
   * @param layout each table's ("schema.table") known columns, the order of its {@code image}
   */
  public static Dataset<Row> parse(Dataset<Row> kafka, Map<String, List<String>> layout) {
    return parse(kafka, layout, DecodeChecks.NONE);
  }

  /** @param checks each table's decode check, over the images as {@code layout} cuts them */
  public static Dataset<Row> parse(Dataset<Row> kafka, Map<String, List<String>> layout, DecodeChecks checks) {
    Map<String, List<String>> columns = new HashMap<>(layout);
    return kafka.select("key", "value", "topic", "partition", "offset")
        .mapPartitions((MapPartitionsFunction<Row, Row>) in -> parseAll(in, columns, checks), Encoders.row(SCHEMA));
  }

  private static Iterator<Row> parseAll(Iterator<Row> in, Map<String, List<String>> layout, DecodeChecks checks) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public Row next() {
        return parseOne(in.next(), layout, checks);
      }
    };
  }

  static Row parseOne(Row r, Map<String, List<String>> layout, DecodeChecks checks) {
    String key = text(r.isNullAt(0) ? null : (byte[]) r.get(0));
    String value = text(r.isNullAt(1) ? null : (byte[]) r.get(1));
    String topic = r.getString(2);
    int partition = r.getInt(3);
    long offset = r.getLong(4);
    try {
      ChangeEnvelope e = EnvelopeParser.parse(value);
      String[] fields = e.after() == null ? null : e.after().keySet().toArray(String[]::new);
      String[] image = image(e.after() != null ? e.after() : e.before(), layout.get(e.table()));
      String decodeError = e.kind() == RecordKind.CHANGE ? checks.errorOf(e.table(), image) : null;
      return RowFactory.create(topic, partition, offset, key, value, e.kind().name(), e.table(), e.op(),
          e.version(), e.commitLsn(), e.sourceTsMicros(), e.txId(), fields, image, null, decodeError);
    } catch (EnvelopeException ex) {
      return RowFactory.create(topic, partition, offset, key, value, null, null, null, null, null, null, null,
          null, null, ex.getMessage(), null);
    }
  }

  private static String[] image(Map<String, String> image, List<String> columns) {
    if (image == null || columns == null) {
      return null;
    }
    String[] out = new String[columns.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = image.get(columns.get(i));
    }
    return out;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
