package io.seam.parity.compare.fingerprint;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's {@code hashtextextended(text, seed)} (Bob Jenkins' lookup3 as {@code hash_bytes_extended}
 * in src/common/hashfn.c), reimplemented so Spark can hash the target's rows exactly as PostgreSQL
 * hashes the source's. It runs several times faster than md5 on both sides. PostgreSQL hashes the
 * text's bytes in the server encoding and reads them in the machine's byte order (this is the
 * little-endian result), so {@link #disagreement} checks a live server before parity relies on it.
 */
public final class PgTextHash {
  private static final List<String> PROBES = List.of("", "a", "seam", "0123456789a", "0123456789ab",
      "V5:héllo,2024,~,00036a4f7a1b5c00", "a longer probe that spans several twelve-byte blocks: ü😀");

  private PgTextHash() {}

  /** {@code hash_bytes_extended} over the UTF-8 bytes of {@code text}: what {@code hashtextextended} gives. */
  public static long hash(String text, long seed) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return hash(b, 0, b.length, seed);
  }

  public static long hash(byte[] k, int offset, int length, long seed) {
    int a = 0x9e3779b9 + length + 3923095;
    int b = a;
    int c = a;
    int p = offset;
    int len = length;
    // A non-zero seed is hashed as a first 12-byte block: its high word, its low word, zero.
    boolean seedBlock = seed != 0;
    while (seedBlock || len >= 12) {
      if (seedBlock) {
        a += (int) (seed >>> 32);
        b += (int) seed;
        seedBlock = false;
      } else {
        a += word(k, p);
        b += word(k, p + 4);
        c += word(k, p + 8);
        p += 12;
        len -= 12;
      }
      // mix(a, b, c)
      a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
      a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
    }
    // The last 0..11 bytes; the lowest byte of c stays free (lookup3 reserves it for the length).
    switch (len) {
      case 11: c += (k[p + 10] & 0xff) << 24; // fall through
      case 10: c += (k[p + 9] & 0xff) << 16; // fall through
      case 9: c += (k[p + 8] & 0xff) << 8; // fall through
      case 8: b += (k[p + 7] & 0xff) << 24; // fall through
      case 7: b += (k[p + 6] & 0xff) << 16; // fall through
      case 6: b += (k[p + 5] & 0xff) << 8; // fall through
      case 5: b += k[p + 4] & 0xff; // fall through
      case 4: a += (k[p + 3] & 0xff) << 24; // fall through
      case 3: a += (k[p + 2] & 0xff) << 16; // fall through
      case 2: a += (k[p + 1] & 0xff) << 8; // fall through
      case 1: a += k[p] & 0xff; // fall through
      default: break;
    }
    // final(a, b, c)
    c ^= b; c -= Integer.rotateLeft(b, 14);
    a ^= c; a -= Integer.rotateLeft(c, 11);
    b ^= a; b -= Integer.rotateLeft(a, 25);
    c ^= b; c -= Integer.rotateLeft(b, 16);
    a ^= c; a -= Integer.rotateLeft(c, 4);
    b ^= a; b -= Integer.rotateLeft(a, 14);
    c ^= b; c -= Integer.rotateLeft(b, 24);
    return ((long) b << 32) | (c & 0xffffffffL);
  }

  private static int word(byte[] k, int p) {
    return (k[p] & 0xff) | (k[p + 1] & 0xff) << 8 | (k[p + 2] & 0xff) << 16 | (k[p + 3] & 0xff) << 24;
  }

  /**
   * Why this server's {@code hashtextextended} differs from {@link #hash} (a big-endian server, a
   * server encoding other than UTF-8, a changed function), or empty when they agree on every probe.
   */
  public static Optional<String> disagreement(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT hashtextextended(?::text COLLATE \"C\", ?)")) {
      for (String probe : PROBES) {
        for (long seed : new long[] {0, 1, -7_046_029_254_386_353_131L}) {
          ps.setString(1, probe);
          ps.setLong(2, seed);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            long server = rs.getLong(1);
            long ours = hash(probe, seed);
            if (server != ours) {
              return Optional.of("hashtextextended('" + probe + "', " + seed + ") is " + server + " on the server, "
                  + ours + " in Seam");
            }
          }
        }
      }
    }
    return Optional.empty();
  }
}
