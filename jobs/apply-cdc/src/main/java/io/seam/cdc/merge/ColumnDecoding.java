package io.seam.cdc.merge;

import io.seam.core.spark.SparkIdentifiers;
import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.Identifiers;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TypeMapping;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * How one column travels from Debezium's JSON to its exact target type, as Spark SQL over the raw
 * text of the field ({@code raw.`col`}, every field parsed as a string). Decoding follows the
 * connector settings Seam generates: decimals as strings, binary as base64, adaptive microsecond
 * times. A value that does not convert yields NULL from {@code convertSql} and a message from
 * {@code errorSql}, so its row goes to the dead-letter table instead of being written wrong.
 *
 * @param unchangedSql true when the field holds Debezium's placeholder for an unchanged TOASTed value
 */
public record ColumnDecoding(String column, DataType target, String convertSql, String unchangedSql) {
  public static final String UNAVAILABLE = "__debezium_unavailable_value";
  /** The placeholder's bytes in base64, as binary columns carry it. */
  static final String UNAVAILABLE_BASE64 = java.util.Base64.getEncoder().encodeToString(UNAVAILABLE.getBytes(
      java.nio.charset.StandardCharsets.UTF_8));

  public static ColumnDecoding of(TableDescription table, ColumnInfo c) {
    DataType target = TypeMapping.sparkType(table.table(), c);
    String raw = raw(c.name());
    String type = c.isArray() ? "_array" : c.typeKind() == 'e' ? "enum" : c.typeName();
    String convert;
    String unchanged = "false";
    switch (type) {
      case "int2", "int4", "int8", "float4", "float8", "bool", "numeric" ->
          convert = "try_cast(" + raw + " AS " + target.sql() + ")";
      // Debezium writes these in UTC with a trailing Z. Cast without it, the text is read in the session's zone,
      // UTC in the apply job: the same instant, without Spark's per-value zone lookup (a regex; a twentieth of
      // the apply job's decoding time in a profile).
      case "timestamptz" -> convert = "try_cast(CASE WHEN endswith(" + raw + ", 'Z') THEN substr(" + raw + ", 1, length("
          + raw + ") - 1) ELSE " + raw + " END AS TIMESTAMP)";
      case "timestamp" -> convert = "CAST(timestamp_micros(try_cast(" + raw + " AS BIGINT)) AS TIMESTAMP_NTZ)";
      case "date" -> convert = "date_add(DATE'1970-01-01', try_cast(" + raw + " AS INT))";
      case "time" -> convert = timeText(raw);
      case "bytea" -> {
        convert = "try_to_binary(" + raw + ", 'base64')";
        unchanged = "(" + raw + " <=> '" + UNAVAILABLE_BASE64 + "')";
      }
      case "_array" -> {
        convert = "from_json(" + raw + ", '" + target.sql() + "')";
        unchanged = "(" + raw + " <=> '[\"" + UNAVAILABLE + "\"]')";
      }
      case "timetz", "interval" -> throw new StreamTypeException("column " + table.table() + "."
          + Identifiers.quote(c.name()) + " has type " + c.declaredType() + ", whose streamed form differs from its"
          + " backfilled text; leave the table out or change the column's type (see docs/types.md)");
      default -> {
        if (!target.equals(DataTypes.StringType)) {
          throw new StreamTypeException("column " + table.table() + "." + Identifiers.quote(c.name())
              + ": no stream decoding for type " + c.declaredType());
        }
        convert = raw;
        unchanged = "(" + raw + " <=> '" + UNAVAILABLE + "')";
      }
    }
    return new ColumnDecoding(c.name(), target, convert, unchanged);
  }

  /** A message when a present value did not convert, else NULL. */
  public String errorSql() {
    String raw = raw(column);
    return "CASE WHEN " + raw + " IS NOT NULL AND NOT " + unchangedSql + " AND (" + convertSql + ") IS NULL THEN "
        + "concat('column " + column.replace("'", "\\'") + ": cannot convert ', " + raw + ", ' to " + target.sql()
        + "') END";
  }

  static String raw(String column) {
    return "raw." + quote(column);
  }

  public static String quote(String column) {
    return SparkIdentifiers.quote(column);
  }

  /** PostgreSQL's text form of a time (HH:MM:SS[.ffffff], trailing zeros dropped) from microseconds. */
  private static String timeText(String raw) {
    String micros = "try_cast(" + raw + " AS BIGINT)";
    return "CASE WHEN " + micros + " IS NULL THEN NULL ELSE concat(date_format(CAST(timestamp_micros(" + micros
        + ") AS TIMESTAMP_NTZ), 'HH:mm:ss'), CASE WHEN " + micros + " % 1000000 = 0 THEN '' ELSE concat('.',"
        + " regexp_replace(lpad(CAST(" + micros + " % 1000000 AS STRING), 6, '0'), '0+$', '')) END) END";
  }
}
