package io.seam.core;

import java.io.Serializable;

/** A PostgreSQL log sequence number, e.g. {@code 0/1594588}: an unsigned 64-bit WAL position. */
public record Lsn(long value) implements Comparable<Lsn>, Serializable {

  public static Lsn parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("not an LSN: '" + text + "' (expected hex like 0/1594588)");
    }
    try {
      long hi = Long.parseLong(text.substring(0, slash), 16);
      long lo = Long.parseLong(text.substring(slash + 1), 16);
      if (hi > 0xFFFFFFFFL || lo > 0xFFFFFFFFL) {
        throw new NumberFormatException();
      }
      return new Lsn((hi << 32) | lo);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an LSN: '" + text + "' (expected hex like 0/1594588)");
    }
  }

  @Override
  public int compareTo(Lsn o) {
    return Long.compareUnsigned(value, o.value);
  }

  public boolean isAfter(Lsn o) {
    return compareTo(o) > 0;
  }

  @Override
  public String toString() {
    return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
  }
}
