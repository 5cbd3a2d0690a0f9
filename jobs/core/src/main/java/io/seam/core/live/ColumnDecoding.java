package io.seam.core.live;

import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.ColumnType;
import io.seam.core.pg.TableDescription;
import io.seam.core.spark.SparkIdentifiers;
import org.apache.spark.sql.types.DataType;

/**
 * How one column travels from Debezium's JSON to its exact target type, as Spark SQL over the raw text
 * of the field (any expression that yields it: {@code get(image, 3)} over the change log's positional row
 * images). Decoding follows the connector settings Seam generates: decimals as strings, binary as base64,
 * adaptive microsecond times. A value that does not convert yields NULL from {@link #convertSql} and a
 * message from {@link #errorSql}, so its change goes to the dead-letter table instead of being written wrong.
 */
public record ColumnDecoding(String column, DataType target, Kind kind) {
  public static final String UNAVAILABLE = "__debezium_unavailable_value";
  /** The placeholder's bytes in base64, as binary columns carry it. */
  static final String UNAVAILABLE_BASE64 = java.util.Base64.getEncoder().encodeToString(UNAVAILABLE.getBytes(
      java.nio.charset.StandardCharsets.UTF_8));

  /** The decoding families; each knows its conversion and whether it can carry the TOAST placeholder. */
  public enum Kind { CAST, TIMESTAMPTZ, TIMESTAMP, DATE, TIME, BYTEA, ARRAY, TEXT }

  public static ColumnDecoding of(TableDescription table, ColumnInfo c) {
    ColumnType type = table.type(c);
    Kind kind = switch (type.kind()) {
      case BOOL, INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC -> Kind.CAST;
      case TIMESTAMPTZ -> Kind.TIMESTAMPTZ;
      case TIMESTAMP -> Kind.TIMESTAMP;
      case DATE -> Kind.DATE;
      case TIME -> Kind.TIME;
      case BYTEA -> Kind.BYTEA;
      case ARRAY -> Kind.ARRAY;
      case TEXT, CHARACTER, TEXT_FORM -> Kind.TEXT;
    };
    return new ColumnDecoding(c.name(), type.sparkType(), kind);
  }

  /** The value of {@code raw} (the field's text) in the target type, NULL when it does not convert. */
  public String convertSql(String raw) {
    return switch (kind) {
      case CAST -> "try_cast(" + raw + " AS " + target.sql() + ")";
      // Debezium writes these in UTC with a trailing Z. Cast without it, the text is read in the session's zone,
      // UTC in Seam's jobs: the same instant, without Spark's per-value zone lookup (a regex; a twentieth of
      // the apply job's decoding time in a profile).
      case TIMESTAMPTZ -> "try_cast(CASE WHEN endswith(" + raw + ", 'Z') THEN substr(" + raw + ", 1, length(" + raw
          + ") - 1) ELSE " + raw + " END AS TIMESTAMP)";
      case TIMESTAMP -> "CAST(timestamp_micros(try_cast(" + raw + " AS BIGINT)) AS TIMESTAMP_NTZ)";
      case DATE -> "date_add(DATE'1970-01-01', try_cast(" + raw + " AS INT))";
      case TIME -> timeText(raw);
      case BYTEA -> "try_to_binary(" + raw + ", 'base64')";
      case ARRAY -> "from_json(" + raw + ", '" + target.sql() + "')";
      case TEXT -> raw;
    };
  }

  /** Whether the column can carry Debezium's unchanged-TOAST placeholder at all. */
  public boolean toastable() {
    return kind == Kind.BYTEA || kind == Kind.ARRAY || kind == Kind.TEXT;
  }

  /** True when {@code raw} holds the unchanged-TOAST placeholder ("false" for a column that cannot). */
  public String unchangedSql(String raw) {
    return switch (kind) {
      case BYTEA -> "(" + raw + " <=> '" + UNAVAILABLE_BASE64 + "')";
      case ARRAY -> "(" + raw + " <=> '[\"" + UNAVAILABLE + "\"]')";
      case TEXT -> "(" + raw + " <=> '" + UNAVAILABLE + "')";
      default -> "false";
    };
  }

  /** A message when a present value did not convert, else NULL. */
  public String errorSql(String raw) {
    return "CASE WHEN " + raw + " IS NOT NULL AND NOT " + unchangedSql(raw) + " AND (" + convertSql(raw) + ") IS NULL"
        + " THEN concat('column " + column.replace("\\", "\\\\").replace("'", "\\'") + ": cannot convert ', " + raw
        + ", ' to " + target.sql() + "') END";
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
