package io.seam.parity.compare;

import io.seam.parity.compare.fingerprint.RowFingerprint;
import java.io.Serializable;
import java.util.Comparator;

/**
 * A slice of a table that parity counts, sums and hashes on both sides: a day (in the table's zone),
 * a key-hash bucket, or a key-hash bucket within a day when a large day is bisected.
 * {@code day} is {@link RowFingerprint#ALL_DAYS} for tables without a day column; {@code keyBucket}
 * is {@link #ALL_KEYS} when the bucket spans every key.
 */
public record Bucket(String day, int keyBucket) implements Serializable, Comparable<Bucket> {
  public static final int ALL_KEYS = -1;
  private static final Comparator<Bucket> ORDER = Comparator.comparing(Bucket::day).thenComparingInt(Bucket::keyBucket);

  public static Bucket ofDay(String day) {
    return new Bucket(day, ALL_KEYS);
  }

  public boolean wholeDay() {
    return keyBucket == ALL_KEYS;
  }

  public String label() {
    if (RowFingerprint.ALL_DAYS.equals(day)) {
      return keyBucket == ALL_KEYS ? "all rows" : "key bucket " + keyBucket;
    }
    return keyBucket == ALL_KEYS ? day : day + " / key bucket " + keyBucket;
  }

  @Override
  public int compareTo(Bucket o) {
    return ORDER.compare(this, o);
  }
}
