package io.seam.parity.compare.fingerprint;

import io.seam.core.config.TableConfig;
import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.ColumnKind;
import io.seam.core.pg.ColumnType;
import io.seam.core.pg.Identifiers;
import io.seam.core.pg.TableDescription;
import io.seam.core.spark.SparkIdentifiers;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;

/**
 * The SQL that buckets and fingerprints a table's rows, written twice: once for PostgreSQL (so the
 * source side is aggregated inside the database) and once for Spark (the Delta side). Both render
 * every value to the same canonical text, so a row hashes the same on either side exactly when its
 * values are equal; per-bucket sums of those hashes then catch any changed column, not only the
 * counted and summed ones.
 *
 * <p>Canonical text per Spark type: integers and decimals in plain digits (a decimal keeps its
 * column's scale on both sides), floating point as the hex of its IEEE bits (no formatting
 * differences), timestamps as the hex of PostgreSQL's binary form (microseconds since 2000-01-01;
 * cheaper for PostgreSQL than rendering epoch microseconds), dates as epoch days, binary as
 * lower-case hex, strings as PostgreSQL's text output, arrays as JSON. Values are joined by commas;
 * strings and arrays (the only forms that can hold a comma) are length-prefixed, and NULL is a
 * {@code ~} no other form starts with, so no two rows of different values give the same text.
 *
 * <p>The text is hashed with PostgreSQL's {@code hashtextextended} (and {@link PgTextHash}, the same
 * function, in Spark) when the server's copy agrees with Seam's, else with md5: the same text, a
 * slower hash.
 */
public final class RowFingerprint implements Serializable {
  public static final String NO_DAY = "(none)";
  public static final String ALL_DAYS = "*";
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  public enum Dialect { POSTGRES, SPARK }

  /** The hash over the canonical text, the same on both sides. */
  public enum RowHash {
    /** PostgreSQL's hashtextextended, {@link SparkCanonicalText} in Spark (needs its {@code register}). */
    PG_TEXT_HASH,
    /** md5, built into both engines: for servers whose hashtextextended differs from Seam's copy. */
    MD5
  }

  private static final String NULL = "'~'";

  /** How a sum column adds up: exactly (integers, decimals) or within a relative tolerance (floats). */
  public record SumColumn(String name, DataType type, int scale, boolean exact) implements Serializable {}

  private record Col(ColumnInfo info, ColumnType type) implements Serializable {
    ColumnKind kind() {
      return type.kind();
    }
  }

  private final String tableName;
  private final List<Col> columns;
  private final List<Col> key;
  private final Col day;
  private final String zone;
  private final List<SumColumn> sums;
  private final int keyBuckets;
  private final RowHash hash;

  public RowFingerprint(TableDescription table, TableConfig config, List<String> primaryKey, int keyBuckets,
      RowHash hash) {
    this.tableName = table.table().display();
    this.columns = new ArrayList<>();
    for (ColumnInfo c : table.columns()) {
      columns.add(new Col(c, table.type(c)));
    }
    this.key = primaryKey.stream().map(k -> find(k, "primary key column")).toList();
    this.day = config.dayColumn() == null ? null : find(config.dayColumn(), "day_column");
    if (day != null && !(day.kind() == ColumnKind.TIMESTAMPTZ || day.kind() == ColumnKind.TIMESTAMP
        || day.kind() == ColumnKind.DATE)) {
      throw new IllegalArgumentException("table " + tableName + ": day_column " + config.dayColumn() + " is "
          + day.info.declaredType() + "; parity buckets by the day of a timestamptz, timestamp or date column");
    }
    this.zone = config.dayTimeZone();
    this.sums = config.sumColumns().stream().map(this::sumColumn).toList();
    this.keyBuckets = keyBuckets;
    this.hash = hash;
  }

  private Col find(String name, String role) {
    return columns.stream().filter(c -> c.info.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("table " + tableName + ": " + role + " " + name
            + " is not a column of the table (names are case-sensitive)"));
  }

  private SumColumn sumColumn(String name) {
    Col c = find(name, "sum_columns entry");
    DataType t = c.type.sparkType();
    return switch (c.kind()) {
      case NUMERIC -> new SumColumn(name, t, ((DecimalType) t).scale(), true);
      case INT2, INT4, INT8 -> new SumColumn(name, t, 0, true);
      case FLOAT4, FLOAT8 -> new SumColumn(name, t, 0, false);
      case BOOL, DATE, TIMESTAMPTZ, TIMESTAMP, TIME, BYTEA, TEXT, CHARACTER, TEXT_FORM, ARRAY ->
          throw new IllegalArgumentException("table " + tableName + ": sum_columns entry " + name + " is "
              + c.info.declaredType() + "; only numeric columns can be summed");
    };
  }

  public boolean hasDay() {
    return day != null;
  }

  public String dayColumn() {
    return day == null ? null : day.info.name();
  }

  public String zone() {
    return zone;
  }

  public List<SumColumn> sums() {
    return sums;
  }

  public int keyBuckets() {
    return keyBuckets;
  }

  public List<String> keyColumns() {
    return key.stream().map(c -> c.info.name()).toList();
  }

  public List<String> columnNames() {
    return columns.stream().map(c -> c.info.name()).toList();
  }

  private String q(Dialect d, Col c) {
    return d == Dialect.POSTGRES ? Identifiers.quote(c.info.name()) : SparkIdentifiers.quote(c.info.name());
  }

  /** The canonical text of one column's value (for tests that name the column that renders differently). */
  String canonical(Dialect d, String column) {
    return canonical(d, find(column, "column"));
  }

  private String canonical(Dialect d, Col c) {
    if (d == Dialect.SPARK && hash == RowHash.PG_TEXT_HASH) {
      SparkValues v = sparkValues(List.of(c));
      return SparkCanonicalText.TEXT_FUNCTION + "(" + v.kinds() + ", " + v.struct() + ")";
    }
    String q = q(d, c);
    String x = value(d, q, c);
    if (lengthPrefixed(c.kind())) {
      // Length-prefixed (in characters, the same on both engines whatever the server encoding).
      x = d == Dialect.POSTGRES ? "length(" + x + ")::text || ':' || " + x
          : "concat(cast(length(" + x + ") AS STRING), ':', " + x + ")";
    }
    return "coalesce(" + x + ", " + NULL + ")";
  }

  /** The forms that can hold a comma: strings and arrays. */
  private static boolean lengthPrefixed(ColumnKind kind) {
    return switch (kind) {
      case TIME, TEXT, CHARACTER, TEXT_FORM, ARRAY -> true;
      case BOOL, INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC, DATE, TIMESTAMPTZ, TIMESTAMP, BYTEA -> false;
    };
  }

  private static String value(Dialect d, String q, Col c) {
    boolean pg = d == Dialect.POSTGRES;
    return switch (c.kind()) {
      case INT2, INT4, INT8, NUMERIC -> pg ? q + "::text" : "cast(" + q + " AS STRING)";
      // reflect() fails on a NULL argument, so the Spark forms of floats only run for values.
      case FLOAT4 -> pg ? "encode(float4send(" + q + "), 'hex')"
          : "CASE WHEN " + q + " IS NOT NULL THEN lpad(lower(hex(cast(reflect('java.lang.Float', 'floatToRawIntBits', "
              + q + ") AS BIGINT) & 4294967295)), 8, '0') END";
      case FLOAT8 -> pg ? "encode(float8send(" + q + "), 'hex')"
          : "CASE WHEN " + q + " IS NOT NULL THEN lpad(lower(hex(cast(reflect('java.lang.Double', 'doubleToRawLongBits', "
              + q + ") AS BIGINT))), 16, '0') END";
      case BOOL -> "CASE WHEN " + q + " THEN 't' WHEN NOT " + q + " THEN 'f' END";
      case DATE -> pg ? "(" + q + " - DATE '1970-01-01')::text" : "cast(unix_date(" + q + ") AS STRING)";
      case TIMESTAMPTZ -> pg ? "encode(timestamptz_send(" + q + "), 'hex')" : pgTimestampHex("unix_micros(" + q + ")");
      // The Spark session runs in UTC (ParityRunner sets it), so the cast keeps the wall clock as UTC.
      case TIMESTAMP -> pg ? "encode(timestamp_send(" + q + "), 'hex')"
          : pgTimestampHex("unix_micros(cast(" + q + " AS TIMESTAMP))");
      case BYTEA -> pg ? "encode(" + q + ", 'hex')" : "lower(hex(" + q + "))";
      case ARRAY -> pg ? "array_to_json(" + q + ")::text" : "to_json(" + q + ")";
      case TEXT -> q;
      // The type's output function, as the readers (and so the target) got it: a ::text cast differs
      // for some types (bpchar drops its padding, inet adds a /128 netmask). concat() turns NULL into ''.
      case TIME, CHARACTER, TEXT_FORM -> pg ? "CASE WHEN " + q + " IS NOT NULL THEN concat(" + q + ") END" : q;
    };
  }

  /**
   * The kinds literal and the struct of values {@link SparkCanonicalText} renders the columns from:
   * the common types as they are (or as epoch numbers), the rest already rendered by {@link #value}.
   */
  private record SparkValues(String kinds, String struct) {}

  private SparkValues sparkValues(List<Col> cols) {
    StringBuilder kinds = new StringBuilder();
    List<String> values = new ArrayList<>();
    for (Col c : cols) {
      String q = q(Dialect.SPARK, c);
      SparkCanonicalText.Kind kind = switch (c.kind()) {
        case INT2, INT4, INT8, DATE -> SparkCanonicalText.Kind.INTEGER;
        case NUMERIC -> SparkCanonicalText.Kind.DECIMAL;
        case TIMESTAMPTZ, TIMESTAMP -> SparkCanonicalText.Kind.TIMESTAMP_MICROS;
        case TIME, TEXT, CHARACTER, TEXT_FORM, ARRAY -> SparkCanonicalText.Kind.STRING;
        case BOOL, FLOAT4, FLOAT8, BYTEA -> SparkCanonicalText.Kind.TEXT;
      };
      String v = switch (c.kind()) {
        case DATE -> "unix_date(" + q + ")";
        case TIMESTAMPTZ -> "unix_micros(" + q + ")";
        case TIMESTAMP -> "unix_micros(cast(" + q + " AS TIMESTAMP))";  // the session runs in UTC (see value())
        case ARRAY -> "to_json(" + q + ")";
        case INT2, INT4, INT8, NUMERIC, TIME, TEXT, CHARACTER, TEXT_FORM -> q;
        case BOOL, FLOAT4, FLOAT8, BYTEA -> value(Dialect.SPARK, q, c);
      };
      kinds.append(kind.letter());
      values.add(v);
    }
    return new SparkValues("'" + kinds + "'", "struct(" + String.join(", ", values) + ")");
  }

  /** The 16 hex digits of PostgreSQL's timestamp_send: big-endian microseconds since 2000-01-01. */
  private static String pgTimestampHex(String epochMicros) {
    // hex() of a negative BIGINT is its 16-digit two's complement, as the send function's bytes are.
    return "lpad(lower(hex(" + epochMicros + " - " + io.seam.core.pg.PgEpoch.MICROS + ")), 16, '0')";
  }

  /** A hash of the whole row as a BIGINT (non-negative with md5, any sign with hashtextextended). */
  public String rowHash(Dialect d) {
    return hash64(d, columns, 0);
  }

  /** The key-hash bucket, 0 .. keyBuckets - 1. */
  public String keyBucket(Dialect d) {
    if (hash == RowHash.MD5) {
      String text = concatAll(d, key);
      if (d == Dialect.POSTGRES) {
        return "((('x' || substr(md5(convert_to(" + text + ", 'UTF8')), 1, 7))::bit(28)::int) % " + keyBuckets + ")";
      }
      return "pmod(cast(conv(substr(md5(cast(" + text + " AS BINARY)), 1, 7), 16, 10) AS INT), " + keyBuckets + ")";
    }
    // A seed of its own, so the bucket is not a function of the row hash of a key-only table.
    String h = hash64(d, key, 1);
    if (d == Dialect.POSTGRES) {
      return "(((" + h + " % " + keyBuckets + ") + " + keyBuckets + ") % " + keyBuckets + ")::int";
    }
    return "cast(pmod(" + h + ", " + keyBuckets + ") AS INT)";
  }

  private String concatAll(Dialect d, List<Col> cols) {
    List<String> parts = cols.stream().map(c -> canonical(d, c)).toList();
    if (d == Dialect.POSTGRES) {
      // || rather than concat(): PostgreSQL functions take at most 100 arguments, and || is faster.
      return "(" + String.join(") || ',' || (", parts) + ")";
    }
    return "concat(" + String.join(", ',', ", parts) + ")";
  }

  private String hash64(Dialect d, List<Col> cols, long seed) {
    if (hash == RowHash.MD5) {
      String text = concatAll(d, cols);
      if (d == Dialect.POSTGRES) {
        return "('x' || substr(md5(convert_to(" + text + ", 'UTF8')), 1, 15))::bit(60)::bigint";
      }
      return "cast(conv(substr(md5(cast(" + text + " AS BINARY)), 1, 15), 16, 10) AS BIGINT)";
    }
    if (d == Dialect.POSTGRES) {
      // "C": a nondeterministic collation would hash a sort key instead of the bytes.
      return "hashtextextended((" + concatAll(d, cols) + ") COLLATE \"C\", " + seed + ")";
    }
    SparkValues v = sparkValues(cols);
    return SparkCanonicalText.HASH_FUNCTION + "(" + v.kinds() + ", cast(" + seed + " AS BIGINT), " + v.struct() + ")";
  }

  /** The row's day as yyyy-MM-dd in the configured zone, or {@link #NO_DAY}; {@link #ALL_DAYS} without a day column. */
  public String dayOf(Dialect d) {
    if (day == null) {
      return "'" + ALL_DAYS + "'";
    }
    String q = q(d, day);
    String z = Identifiers.literal(zone);
    String text;
    if (d == Dialect.POSTGRES) {
      text = "to_char(" + pgDate() + ", 'YYYY-MM-DD')";
    } else {
      text = day.kind() == ColumnKind.TIMESTAMPTZ ? "date_format(from_utc_timestamp(" + q + ", " + z + "), 'yyyy-MM-dd')"
          : "date_format(" + q + ", 'yyyy-MM-dd')";
    }
    return "coalesce(" + text + ", '" + NO_DAY + "')";
  }

  /**
   * What PostgreSQL groups a table's figures by first, with {@link #dayOf} of it in the select list:
   * grouping by the date and rendering each group's day once is several seconds cheaper per 10 M rows
   * than rendering every row's day. Position 1 (the select list's day) without a day column.
   */
  public String pgDayGroup() {
    return day == null ? "1" : pgDate();
  }

  private String pgDate() {
    String q = q(Dialect.POSTGRES, day);
    return day.kind() == ColumnKind.TIMESTAMPTZ ? "(" + q + " AT TIME ZONE " + Identifiers.literal(zone) + ")::date"
        : q + "::date";
  }

  /** A sargable PostgreSQL predicate for the rows of one day (so an index on the day column can serve it). */
  public String pgDayPredicate(String dayValue) {
    if (day == null || ALL_DAYS.equals(dayValue)) {
      return "true";
    }
    String q = q(Dialect.POSTGRES, day);
    if (NO_DAY.equals(dayValue)) {
      return q + " IS NULL";
    }
    if (!DAY.matcher(dayValue).matches()) {
      throw new IllegalArgumentException("not a day: " + dayValue);
    }
    String d = "DATE '" + dayValue + "'";
    if (day.kind() == ColumnKind.TIMESTAMPTZ) {
      String z = Identifiers.literal(zone);
      return "(" + q + " >= (" + d + ")::timestamp AT TIME ZONE " + z + " AND " + q + " < (" + d
          + " + 1)::timestamp AT TIME ZONE " + z + ")";
    }
    if (day.kind() == ColumnKind.TIMESTAMP) {
      return "(" + q + " >= " + d + " AND " + q + " < " + d + " + 1)";
    }
    return q + " = " + d;
  }

  /**
   * Spark's predicate for the rows of one day: {@link #dayOf} equal to it, and before that its
   * {@link #sparkDayRange}, so Delta's per-file statistics on the column skip the files holding none of
   * the day (the exact test alone is a computed value no file statistics can answer).
   */
  public String sparkDayPredicate(String dayValue) {
    String range = sparkDayRange(dayValue);
    if (day == null || ALL_DAYS.equals(dayValue) || NO_DAY.equals(dayValue)) {
      return range;
    }
    return "(" + range + " AND " + dayOf(Dialect.SPARK) + " = '" + dayValue + "')";
  }

  /**
   * A plain range on the day column holding the whole day, a day wider on each side than any zone's day.
   * Spark pushes it into the Parquet reader (page skipping) only as a conjunct of its own: inside an OR
   * next to the computed exact test it is not pushed at all, so a filter over several days is
   * {@code (range OR range ...) AND (exact OR exact ...)} ({@link #sparkDaysFilter}).
   */
  public String sparkDayRange(String dayValue) {
    if (day == null || ALL_DAYS.equals(dayValue)) {
      return "true";
    }
    String q = q(Dialect.SPARK, day);
    if (NO_DAY.equals(dayValue)) {
      return q + " IS NULL";
    }
    if (!DAY.matcher(dayValue).matches()) {
      throw new IllegalArgumentException("not a day: " + dayValue);
    }
    java.time.LocalDate d = java.time.LocalDate.parse(dayValue);
    String from = d.minusDays(1).toString();
    String until = d.plusDays(2).toString();
    String range = day.kind() == ColumnKind.TIMESTAMPTZ
        ? q + " >= TIMESTAMP '" + from + "T00:00:00Z' AND " + q + " < TIMESTAMP '" + until + "T00:00:00Z'"
        : day.kind() == ColumnKind.TIMESTAMP
            ? q + " >= TIMESTAMP_NTZ '" + from + " 00:00:00' AND " + q + " < TIMESTAMP_NTZ '" + until + " 00:00:00'"
            : q + " >= DATE '" + from + "' AND " + q + " < DATE '" + until + "'";
    return "(" + range + ")";
  }

  /**
   * Spark's filter for the rows matching any of {@code exact} (each one day's {@link #sparkDayPredicate},
   * possibly narrowed further) on {@code days}: the days' ranges as a conjunct of their own, then the exact tests.
   */
  public String sparkDaysFilter(List<String> days, List<String> exact) {
    return "(" + days.stream().distinct().map(this::sparkDayRange).collect(java.util.stream.Collectors.joining(" OR "))
        + ") AND (" + String.join(" OR ", exact) + ")";
  }

  /** Spark computes the row hash in a projection first: its float rendering is not allowed inside an aggregate. */
  public static final String ROW_HASH_COLUMN = "seam_row_hash";

  /**
   * The exact sum of the row hashes as two BIGINT sums, the high and the low 32 bits, put together
   * once per bucket: summing DECIMAL(38,0) row by row is Spark's slow decimal arithmetic. Neither
   * half can overflow below 2^31 rows per bucket.
   */
  private static String sparkHashSum() {
    return "cast(cast(sum(shiftright(" + ROW_HASH_COLUMN + ", 32)) AS DECIMAL(38,0)) * 4294967296 + cast(sum("
        + ROW_HASH_COLUMN + " & 4294967295) AS DECIMAL(38,0)) AS DECIMAL(38,0)) AS seam_hash";
  }

  /**
   * The select list of one bucket's aggregates: rows, hash sum, then each sum column. On Spark the
   * rows must carry {@link #ROW_HASH_COLUMN} ({@link #rowHash}).
   */
  public List<String> aggregates(Dialect d) {
    List<String> out = new ArrayList<>();
    out.add(d == Dialect.POSTGRES ? "count(*)::bigint AS seam_rows" : "count(*) AS seam_rows");
    out.add(d == Dialect.POSTGRES ? "sum(" + rowHash(d) + ")::numeric(38,0) AS seam_hash"
        : sparkHashSum());
    for (int i = 0; i < sums.size(); i++) {
      SumColumn s = sums.get(i);
      String q = d == Dialect.POSTGRES ? Identifiers.quote(s.name()) : SparkIdentifiers.quote(s.name());
      String alias = " AS seam_sum_" + i;
      if (!s.exact()) {
        // NaN and the infinities have no decimal figure and would swallow the day's sum: summed without
        // them (the row hash still compares them).
        String f = d == Dialect.POSTGRES ? q + "::float8" : "cast(" + q + " AS DOUBLE)";
        out.add((d == Dialect.POSTGRES
            ? "sum(CASE WHEN " + f + " IN ('NaN', 'Infinity', '-Infinity') THEN NULL ELSE " + f + " END)"
            : "sum(CASE WHEN isnan(" + f + ") OR abs(" + f + ") = double('Infinity') THEN NULL ELSE " + f + " END)")
            + alias);
      } else if (d == Dialect.POSTGRES) {
        out.add("coalesce(sum(" + q + "), 0)::numeric(38," + s.scale() + ")" + alias);
      } else {
        String dec = "DECIMAL(38," + s.scale() + ")";
        out.add("cast(coalesce(sum(cast(" + q + " AS " + dec + ")), 0) AS " + dec + ")" + alias);
      }
    }
    return out;
  }
}
