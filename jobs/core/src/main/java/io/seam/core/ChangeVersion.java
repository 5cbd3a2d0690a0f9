package io.seam.core;

import java.math.BigInteger;

/**
 * The {@code _seam_version} of a row: {@code commitLsn * 2^32 + positionInTransaction}, a DECIMAL(38,0)
 * that orders changes by commit, then by their place inside the transaction. A change's own LSN is
 * not monotonic in commit order (see DESIGN-NOTES, "the ordering key"); the commit LSN is, and it
 * also tells parity exactly whether a row's transaction committed at or before a frozen position.
 * Backfilled rows get position 0 at the seam, so any streamed change (position >= 1, commit LSN at or
 * after the seam) wins against them.
 */
public record ChangeVersion(Lsn commitLsn, long position) implements Comparable<ChangeVersion> {
  public static final int PRECISION = 38;
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  public ChangeVersion {
    if (position < 0 || position > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("position in transaction out of range: " + position);
    }
  }

  public static ChangeVersion backfill(Lsn seam) {
    return new ChangeVersion(seam, 0);
  }

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

  /** The smallest version of any change that committed after {@code lsn}: parity's cut. */
  public static java.math.BigDecimal firstAfter(Lsn lsn) {
    return new ChangeVersion(new Lsn(lsn.value() + 1), 0).toDecimal();
  }

  @Override
  public int compareTo(ChangeVersion o) {
    int c = commitLsn.compareTo(o.commitLsn);
    return c != 0 ? c : Long.compare(position, o.position);
  }
}
