package io.seam.core.pg;

/**
 * PostgreSQL counts dates and timestamps from 2000-01-01 (its binary COPY form and its hashes of them), Spark
 * and Java from 1970-01-01: the distance between the two, in the units each form uses.
 */
public final class PgEpoch {
  /** Days from 1970-01-01 to 2000-01-01. */
  public static final int DAYS = 10_957;
  /** Microseconds from 1970-01-01 to 2000-01-01. */
  public static final long MICROS = DAYS * 86_400L * 1_000_000L;

  private PgEpoch() {}
}
