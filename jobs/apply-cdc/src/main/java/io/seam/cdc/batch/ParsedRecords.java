package io.seam.cdc.batch;

import io.seam.cdc.envelope.ChangeEnvelope;
import io.seam.cdc.envelope.EnvelopeException;
import io.seam.cdc.envelope.EnvelopeParser;
import io.seam.core.ChangeVersion;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
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
 */
public final class ParsedRecords {
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
      .add("after", DataTypes.StringType)
      .add("before", DataTypes.StringType)
      .add("after_fields", DataTypes.StringType)
      .add("error", DataTypes.StringType);

  private ParsedRecords() {}

  /** {@code kafka} has Spark's Kafka source columns (key, value, topic, partition, offset, ...). */
  public static Dataset<Row> parse(Dataset<Row> kafka) {
    return kafka.select("key", "value", "topic", "partition", "offset")
        .mapPartitions((MapPartitionsFunction<Row, Row>) ParsedRecords::parseAll, Encoders.row(SCHEMA));
  }

  private static Iterator<Row> parseAll(Iterator<Row> in) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public Row next() {
        return parseOne(in.next());
      }
    };
  }

  static Row parseOne(Row r) {
    String key = text(r.isNullAt(0) ? null : (byte[]) r.get(0));
    String value = text(r.isNullAt(1) ? null : (byte[]) r.get(1));
    String topic = r.getString(2);
    int partition = r.getInt(3);
    long offset = r.getLong(4);
    try {
      ChangeEnvelope e = EnvelopeParser.parse(value);
      return RowFactory.create(topic, partition, offset, key, value, e.kind().name(), e.table(), e.op(),
          e.version(), e.commitLsn(), e.sourceTsMicros(), e.txId(), e.after(), e.before(), e.afterFields(), null);
    } catch (EnvelopeException ex) {
      return RowFactory.create(topic, partition, offset, key, value, null, null, null, null, null, null, null,
          null, null, null, ex.getMessage());
    }
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
