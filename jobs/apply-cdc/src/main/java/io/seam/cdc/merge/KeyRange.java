package io.seam.cdc.merge;

import static io.seam.core.live.ColumnDecoding.quote;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The smallest and largest value of a batch's first key column, as a predicate on the target alone.
 * In the MERGE's ON clause it changes no match (every target row that matches a batch row lies inside
 * the batch's own key range), but Delta uses target-only conjuncts of the ON clause to skip files by
 * their key statistics: a batch of recent orders no longer makes the MERGE scan the whole table.
 *
 * @param column the key column
 * @param min the smallest value, as Spark returned it
 * @param max the largest value
 */
public record KeyRange(String column, Object min, Object max) {

  /** {@code t.key BETWEEN min AND max}, or empty when the values have no literal Seam renders exactly. */
  public Optional<String> targetPredicate() {
    Optional<String> lo = literal(min);
    Optional<String> hi = literal(max);
    if (lo.isEmpty() || hi.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("t." + quote(column) + " BETWEEN " + lo.get() + " AND " + hi.get());
  }

  static Optional<String> literal(Object v) {
    if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
      return Optional.of(v.toString());
    }
    if (v instanceof Long l) {
      return Optional.of(l + "L");
    }
    if (v instanceof BigDecimal d) {
      return Optional.of(d.toPlainString() + "BD");
    }
    if (v instanceof String s) {
      return Optional.of("'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'");
    }
    if (v instanceof java.sql.Date || v instanceof java.time.LocalDate) {
      return Optional.of("DATE '" + v + "'");
    }
    return Optional.empty();  // timestamps, binary, floats: no pruning rather than a literal that might round
  }
}
