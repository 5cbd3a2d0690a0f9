package io.seam.parity.shadow;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A query's result on one engine, its values in one form for both: integers and decimals as {@link BigDecimal}
 * (compared exactly, whatever their scale), floats as {@link Double}, timestamps as {@link Instant} in UTC (a
 * timestamp without time zone read as a UTC wall clock on both engines), dates as {@link LocalDate}, bytes as
 * hex, everything else as its text; NULL as null.
 *
 * @param columns the result's column names, as the engine gave them
 * @param rows the rows in the engine's order
 */
public record ResultRows(List<String> columns, List<List<Object>> rows) {

  public ResultRows {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>();
    for (List<Object> r : rows) {
      copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
    }
    rows = List.copyOf(copy);
  }

  /** One value from either engine's driver in the common form. */
  public static Object normalize(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Double || v instanceof Float) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof Number n) {  // Byte, Short, Integer, Long, BigInteger
      return new BigDecimal(n.toString());
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (v instanceof LocalDateTime l) {
      return l.toInstant(ZoneOffset.UTC);
    }
    if (v instanceof Instant i) {
      return i;
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof LocalDate d) {
      return d;
    }
    if (v instanceof byte[] b) {
      return "\\x" + HexFormat.of().formatHex(b);
    }
    return v.toString();
  }

  /** How a value shows in the reports. */
  public static String render(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return v.toString();
  }
}
