package io.seam.core.split;

import io.seam.core.pg.Identifiers;
import java.io.Serializable;

/** One independently readable, independently retried slice of a table, as a SQL predicate. */
public sealed interface Split extends Serializable permits Split.PageRange, Split.KeyRange, Split.Whole {

  /** The WHERE predicate selecting exactly this split's rows. */
  String predicate();

  /**
   * Heap pages {@code [firstPage, endPage)} by {@code ctid}; PostgreSQL 14+ scans such a TID range
   * directly. {@code endPage < 0} means open-ended, so rows on pages added since planning are read too.
   */
  record PageRange(long firstPage, long endPage) implements Split {
    @Override
    public String predicate() {
      String lower = firstPage == 0 ? null : "ctid >= '(" + firstPage + ",0)'::tid";
      String upper = endPage < 0 ? null : "ctid < '(" + endPage + ",0)'::tid";
      if (lower == null && upper == null) {
        return "true";
      }
      return lower == null ? upper : upper == null ? lower : lower + " AND " + upper;
    }
  }

  /** An integer key range {@code [lo, hi)}; null bounds are open, so every key value is covered. */
  record KeyRange(String column, Long lo, Long hi) implements Split {
    @Override
    public String predicate() {
      String c = Identifiers.quote(column);
      String lower = lo == null ? null : c + " >= " + lo;
      String upper = hi == null ? null : c + " < " + hi;
      if (lower == null && upper == null) {
        return "true";
      }
      return lower == null ? upper : upper == null ? lower : lower + " AND " + upper;
    }
  }

  /** The whole table in one read. */
  record Whole() implements Split {
    @Override
    public String predicate() {
      return "true";
    }
  }
}
