package io.seam.core;

import java.math.BigInteger;

/**
 * The {@code _seam_version} of a row: {@code commitKey * 2^32 + positionInTransaction}, a DECIMAL(38,0).
 * For a streamed change, {@code commitKey} is Debezium's {@code source.sequence[0]}: the last commit LSN
 * the connector saw before the change's transaction. Transactions are decoded in commit order, so it
 * grows strictly from one transaction to the next; the position orders changes inside one. A change's
 * own LSN is not monotonic in commit order (docs/stream.md, "One ordered topic") and is not used.
 *
 * <p>Backfilled rows carry version 0: the first transaction after the seam can have a commit key below
 * the seam LSN (its predecessor committed before the seam), and it must still win. The seam itself is
 * recorded in the table properties, the backfill commit and the manifest.
 */
public record ChangeVersion(Lsn commitLsn, long position) implements Comparable<ChangeVersion> {
  public static final int PRECISION = 38;
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  public ChangeVersion {
    if (position < 0 || position > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("position in transaction out of range: " + position);
    }
  }

  /** The version of every backfilled row: below any streamed change. */
  public static final ChangeVersion BACKFILL = new ChangeVersion(new Lsn(0), 0);

  public java.math.BigDecimal toDecimal() {
    BigInteger lsn = BigInteger.valueOf(commitLsn.value());
    if (lsn.signum() < 0) {
      lsn = lsn.add(TWO_64);
    }
    return new java.math.BigDecimal(lsn.shiftLeft(32).add(BigInteger.valueOf(position)));
  }

  public static ChangeVersion fromDecimal(java.math.BigDecimal d) {
    BigInteger v = d.toBigIntegerExact();
    return new ChangeVersion(new Lsn(v.shiftRight(32).longValue()), v.and(BigInteger.valueOf(0xFFFFFFFFL)).longValue());
  }

  @Override
  public int compareTo(ChangeVersion o) {
    int c = commitLsn.compareTo(o.commitLsn);
    return c != 0 ? c : Long.compare(position, o.position);
  }
}
