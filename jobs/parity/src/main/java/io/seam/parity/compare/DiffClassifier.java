package io.seam.parity.compare;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Classifies differing values so a person can triage: rounding/precision and time-zone shifts are
 * flagged as their own classes (they usually point at a type or session setting, not lost data);
 * everything else is a value mismatch. Every class is still a difference: none of them passes the gate.
 */
public final class DiffClassifier {
  private static final long QUARTER_HOUR_MICROS = 15L * 60 * 1_000_000;
  private static final long MAX_ZONE_SHIFT_MICROS = 18L * 3600 * 1_000_000;

  private DiffClassifier() {}

  public static DiffClass column(Object source, Object target) {
    if (source == null || target == null) {
      return DiffClass.VALUE_MISMATCH;
    }
    if (source instanceof BigDecimal a && target instanceof BigDecimal b) {
      return roundingOnly(a, b) ? DiffClass.ROUNDING : DiffClass.VALUE_MISMATCH;
    }
    if ((source instanceof Double || source instanceof Float) && (target instanceof Double || target instanceof Float)) {
      double a = ((Number) source).doubleValue();
      double b = ((Number) target).doubleValue();
      double scale = Math.max(Math.abs(a), Math.abs(b));
      return Math.abs(a - b) <= scale * 1e-6 ? DiffClass.ROUNDING : DiffClass.VALUE_MISMATCH;
    }
    Long a = micros(source);
    Long b = micros(target);
    if (a != null && b != null) {
      long diff = Math.abs(a - b);
      if (diff % QUARTER_HOUR_MICROS == 0 && diff <= MAX_ZONE_SHIFT_MICROS) {
        return DiffClass.TIME_ZONE_SHIFT;
      }
      if (diff < 1_000_000 && (a % 1000 == 0 || b % 1000 == 0)) {
        return DiffClass.ROUNDING;  // one side lost sub-millisecond precision
      }
    }
    return DiffClass.VALUE_MISMATCH;
  }

  /** Equal once rounded to the coarser scale, or within one unit of the finer scale's last digit. */
  static boolean roundingOnly(BigDecimal a, BigDecimal b) {
    int fine = Math.max(a.scale(), b.scale());
    BigDecimal ulp = BigDecimal.ONE.movePointLeft(Math.max(fine, 0));
    if (a.subtract(b).abs().compareTo(ulp) <= 0) {
      return true;
    }
    for (int s = Math.min(fine, 18) - 1; s >= 0; s--) {
      BigDecimal ra = a.setScale(s, RoundingMode.HALF_UP);
      BigDecimal rb = b.setScale(s, RoundingMode.HALF_UP);
      if (ra.compareTo(rb) == 0 && (ra.compareTo(a) == 0 || rb.compareTo(b) == 0)) {
        return true;  // one side is the other rounded to s digits
      }
    }
    return false;
  }

  private static Long micros(Object v) {
    Instant i = v instanceof Timestamp t ? t.toInstant() : v instanceof Instant x ? x
        : v instanceof LocalDateTime l ? l.toInstant(ZoneOffset.UTC) : null;
    return i == null ? null : i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
  }

  /** A row's class from its columns' classes: rounding or zone shift only when every column is that. */
  public static DiffClass row(List<ColumnDifference> columns) {
    if (!columns.isEmpty() && columns.stream().allMatch(c -> c.kind() == DiffClass.ROUNDING)) {
      return DiffClass.ROUNDING;
    }
    if (!columns.isEmpty() && columns.stream().allMatch(c -> c.kind() == DiffClass.TIME_ZONE_SHIFT)) {
      return DiffClass.TIME_ZONE_SHIFT;
    }
    return DiffClass.VALUE_MISMATCH;
  }

  /** Values as a person reads them: instants in UTC ISO form, decimals in plain digits, bytes in hex. */
  public static String text(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof byte[] b) {
      return "\\x" + HexFormat.of().formatHex(b);
    }
    if (v instanceof scala.collection.Seq<?> s) {
      return s.mkString("[", ", ", "]");
    }
    return Objects.toString(v);
  }
}
