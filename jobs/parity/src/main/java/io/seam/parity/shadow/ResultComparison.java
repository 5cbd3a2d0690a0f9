package io.seam.parity.shadow;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compares one query's two results (pure): as multisets, or in order when the query says so; decimals exactly,
 * floats within the query's relative tolerance, timestamps as instants, NULL equal only to NULL. Lists the rows
 * that differ, both values side by side, and says what the difference looks like when it has a known cause (a
 * time-zone choice, the same rows in another order).
 */
public final class ResultComparison {
  /** Differing rows listed per query (all are counted). */
  static final int MAX_LISTED = 100;

  private ResultComparison() {}

  /** A differing row: its position (in order) or rank (as sorted), and each side's values (null: no such row). */
  public record RowDiff(int index, List<String> source, List<String> target) {}

  /**
   * The comparison of one query.
   *
   * @param same whether the results agree
   * @param differing how many rows differ (a row present on one side only counts once)
   * @param listed the first {@link #MAX_LISTED} of them
   * @param explanation what the difference looks like, when it has a known cause
   */
  public record Outcome(List<String> columns, long sourceRows, long targetRows, boolean same, long differing,
      List<RowDiff> listed, Optional<String> explanation) {}

  public static Outcome compare(ShadowQuery q, ResultRows source, ResultRows target) {
    if (source.columns().size() != target.columns().size()) {
      return new Outcome(source.columns(), source.rows().size(), target.rows().size(), false,
          Math.max(source.rows().size(), target.rows().size()), List.of(), Optional.of("the results have "
              + source.columns().size() + " and " + target.columns().size() + " columns: " + source.columns()
              + " on PostgreSQL, " + target.columns() + " on Spark"));
    }
    List<List<Object>> s = source.rows();
    List<List<Object>> t = target.rows();
    List<RowDiff> diffs = new ArrayList<>();
    long differing;
    if (q.ordered()) {
      differing = inOrder(q, s, t, diffs);
    } else {
      differing = asMultisets(q, sorted(s), sorted(t), diffs);
    }
    Optional<String> why = Optional.empty();
    if (differing > 0) {
      if (q.ordered() && asMultisets(q, sorted(s), sorted(t), new ArrayList<>()) == 0) {
        why = Optional.of("the same rows in another order: the ORDER BY does not decide between some rows (ties),"
            + " or sorts text, which PostgreSQL orders by its collation and Spark by code point");
      } else {
        why = explainShift(q, s, t).or(() -> q.ordered() ? explainTextOrder(s, t) : Optional.empty());
      }
    }
    return new Outcome(source.columns(), s.size(), t.size(), differing == 0, differing,
        diffs.subList(0, (int) Math.min(diffs.size(), MAX_LISTED)), why);
  }

  private static long inOrder(ShadowQuery q, List<List<Object>> s, List<List<Object>> t, List<RowDiff> diffs) {
    long differing = 0;
    for (int i = 0; i < Math.max(s.size(), t.size()); i++) {
      List<Object> a = i < s.size() ? s.get(i) : null;
      List<Object> b = i < t.size() ? t.get(i) : null;
      if (a == null || b == null || !rowsAgree(a, b, q.floatTolerance())) {
        differing++;
        diffs.add(new RowDiff(i + 1, render(a), render(b)));
      }
    }
    return differing;
  }

  /**
   * Both sorted: rows that agree pair off; the rest are rows of one side only. Those are listed side by side
   * in sort order, so a group whose figures differ shows as one pair.
   */
  private static long asMultisets(ShadowQuery q, List<List<Object>> s, List<List<Object>> t, List<RowDiff> diffs) {
    List<List<Object>> onlySource = new ArrayList<>();
    List<List<Object>> onlyTarget = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < s.size() || j < t.size()) {
      if (i < s.size() && j < t.size() && rowsAgree(s.get(i), t.get(j), q.floatTolerance())) {
        i++;
        j++;
      } else if (j >= t.size() || (i < s.size() && ROW_ORDER.compare(s.get(i), t.get(j)) < 0)) {
        onlySource.add(s.get(i++));
      } else {
        onlyTarget.add(t.get(j++));
      }
    }
    for (int k = 0; k < Math.max(onlySource.size(), onlyTarget.size()); k++) {
      diffs.add(new RowDiff(k + 1, render(k < onlySource.size() ? onlySource.get(k) : null),
          render(k < onlyTarget.size() ? onlyTarget.get(k) : null)));
    }
    return Math.max(onlySource.size(), onlyTarget.size());
  }

  /**
   * A time-zone choice: every timestamp that differs between rows at the same position differs by one and
   * the same whole number of quarter hours, or every date by one and the same day count.
   */
  private static Optional<String> explainShift(ShadowQuery q, List<List<Object>> source, List<List<Object>> target) {
    List<List<Object>> s = q.ordered() ? source : sorted(source);
    List<List<Object>> t = q.ordered() ? target : sorted(target);
    Set<Duration> shifts = new HashSet<>();
    Set<Long> dayShifts = new HashSet<>();
    for (int i = 0; i < Math.min(s.size(), t.size()); i++) {
      for (int c = 0; c < s.get(i).size(); c++) {
        Object a = s.get(i).get(c);
        Object b = t.get(i).get(c);
        if (a instanceof Instant x && b instanceof Instant y && !x.equals(y)) {
          shifts.add(Duration.between(y, x));
        } else if (a instanceof LocalDate x && b instanceof LocalDate y && !x.equals(y)) {
          dayShifts.add(ChronoUnit.DAYS.between(y, x));
        }
      }
    }
    if (shifts.size() == 1 && dayShifts.isEmpty()) {
      Duration d = shifts.iterator().next();
      if (d.toMinutes() % 15 == 0 && d.toSeconds() % 60 == 0) {
        return Optional.of("every differing timestamp is " + hours(d) + " off (PostgreSQL minus Spark), so rows"
            + " fall into other buckets: a time-zone choice, e.g. a date_trunc or AT TIME ZONE in one engine's query"
            + " only, or a session zone that differs (Seam runs both in UTC)");
      }
    }
    if (dayShifts.size() == 1 && shifts.isEmpty()) {
      long d = dayShifts.iterator().next();
      return Optional.of("every differing date is " + d + " day(s) off (PostgreSQL minus Spark): a day boundary"
          + " taken in another time zone on one engine (Seam runs both in UTC)");
    }
    return Optional.empty();
  }

  /**
   * A text collation: the first text column runs in code-point order on Spark's side but not on PostgreSQL's,
   * where it runs in case-insensitive order instead, as a linguistic collation (en_US, ICU) sorts it. With a
   * LIMIT the two sides then keep other rows, too.
   */
  private static Optional<String> explainTextOrder(List<List<Object>> s, List<List<Object>> t) {
    int columns = s.isEmpty() ? 0 : s.get(0).size();
    for (int c = 0; c < columns; c++) {
      List<String> a = texts(s, c);
      List<String> b = texts(t, c);
      if (a == null || b == null) {
        continue;
      }
      if (monotonic(b, Comparator.naturalOrder()) && !monotonic(a, Comparator.naturalOrder())
          && monotonic(a, String.CASE_INSENSITIVE_ORDER)) {
        return Optional.of("PostgreSQL sorted the text column " + (c + 1) + " by a linguistic collation (case and"
            + " accents aside) and Spark by code point (upper case before lower case), so the order, and with a"
            + " LIMIT the rows kept, differ: sort with COLLATE \"C\" on PostgreSQL, or by lower(...) on both");
      }
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static List<String> texts(List<List<Object>> rows, int c) {
    List<String> out = new ArrayList<>();
    for (List<Object> r : rows) {
      if (!(r.get(c) instanceof String v)) {
        return null;
      }
      out.add(v);
    }
    return out.size() > 1 ? out : null;
  }

  private static boolean monotonic(List<String> values, Comparator<String> order) {
    boolean up = true;
    boolean down = true;
    for (int i = 1; i < values.size(); i++) {
      int r = order.compare(values.get(i - 1), values.get(i));
      up &= r <= 0;
      down &= r >= 0;
    }
    return up || down;
  }

  private static String hours(Duration d) {
    long minutes = d.toMinutes();
    return (minutes < 0 ? "-" : "+") + Math.abs(minutes) / 60 + (Math.abs(minutes) % 60 == 0 ? " h"
        : ":" + String.format("%02d", Math.abs(minutes) % 60) + " h");
  }

  static boolean rowsAgree(List<Object> a, List<Object> b, double tolerance) {
    for (int c = 0; c < a.size(); c++) {
      if (!valuesAgree(a.get(c), b.get(c), tolerance)) {
        return false;
      }
    }
    return true;
  }

  static boolean valuesAgree(Object a, Object b, double tolerance) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Double || b instanceof Double) {
      if (!(a instanceof Number x) || !(b instanceof Number y)) {
        return false;
      }
      double dx = x.doubleValue();
      double dy = y.doubleValue();
      if (Double.isNaN(dx) || Double.isNaN(dy) || Double.isInfinite(dx) || Double.isInfinite(dy)) {
        return Double.compare(dx, dy) == 0;
      }
      return Math.abs(dx - dy) <= tolerance * Math.max(Math.abs(dx), Math.abs(dy));
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    return a.equals(b);
  }

  /** A total order on normalized rows, the same on both sides: NULL first, numbers by value, the rest in kind. */
  static final Comparator<List<Object>> ROW_ORDER = (a, b) -> {
    for (int c = 0; c < Math.min(a.size(), b.size()); c++) {
      int r = compareValues(a.get(c), b.get(c));
      if (r != 0) {
        return r;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareValues(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue()) != 0 ? Double.compare(x.doubleValue(), y.doubleValue())
          : (x instanceof BigDecimal p && y instanceof BigDecimal r ? p.compareTo(r) : 0);
    }
    if (a.getClass() == b.getClass() && a instanceof Comparable ca) {
      return ca.compareTo(b);
    }
    return a.getClass().getName().compareTo(b.getClass().getName());
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows);
    out.sort(ROW_ORDER);
    return out;
  }

  private static List<String> render(List<Object> row) {
    if (row == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    row.forEach(v -> out.add(ResultRows.render(v)));
    return out;
  }
}
