package io.seam.parity.compare.fingerprint;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;

/**
 * The Spark side of {@link RowFingerprint}'s canonical text, written straight into a reused byte
 * buffer and hashed with {@link PgTextHash} in one function call per row. Building the same text out
 * of Spark SQL string functions (a cast, hex, lower and lpad per value, then a concat of them all)
 * cost more than reading the Delta table: about 10 s of CPU per 10 M rows of the benchmark's orders.
 *
 * <p>Each value arrives in a struct in the form its {@link Kind} names (the fingerprint builds the
 * struct); the text is the same, byte for byte, as the SQL forms PostgreSQL renders.
 */
public final class SparkCanonicalText {
  /** {@code seam_row_hash(kinds string, seed bigint, values struct)}: hashtextextended of the row's text. */
  public static final String HASH_FUNCTION = "seam_row_hash";
  /** {@code seam_row_text(kinds string, values struct)}: the text itself (tests, and a person debugging). */
  public static final String TEXT_FUNCTION = "seam_row_text";

  /** How one value of the struct becomes canonical text; the letters are the kinds string's. */
  public enum Kind {
    /** A BIGINT, INT, SMALLINT or TINYINT (or a date as epoch days): plain digits. */
    INTEGER('i'),
    /** A DECIMAL: plain digits with the column's scale, as PostgreSQL's numeric output. */
    DECIMAL('d'),
    /** A STRING: its length in characters, a colon, the string (the form that can hold a comma). */
    STRING('s'),
    /** Microseconds since 1970 as a BIGINT: the hex of PostgreSQL's timestamp_send. */
    TIMESTAMP_MICROS('t'),
    /** Text already in canonical form (rendered by SQL): copied as it is. */
    TEXT('x');

    private final char letter;

    Kind(char letter) {
      this.letter = letter;
    }

    public char letter() {
      return letter;
    }
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);

  private SparkCanonicalText() {}

  /** Makes both functions available to the session's SQL (idempotent). */
  public static void register(SparkSession spark) {
    spark.udf().register(HASH_FUNCTION, (UDF3<String, Long, Row, Long>) (kinds, seed, values) -> {
      Buffer b = render(kinds, values);
      return PgTextHash.hash(b.bytes, 0, b.length, seed);
    }, DataTypes.LongType);
    spark.udf().register(TEXT_FUNCTION, (UDF2<String, Row, String>) (kinds, values) -> {
      Buffer b = render(kinds, values);
      return new String(b.bytes, 0, b.length, StandardCharsets.UTF_8);
    }, DataTypes.StringType);
  }

  /** The row's canonical text in this thread's buffer (valid until the thread's next call). */
  static Buffer render(String kinds, Row values) {
    Buffer out = BUFFER.get();
    out.length = 0;
    for (int i = 0; i < kinds.length(); i++) {
      if (i > 0) {
        out.put((byte) ',');
      }
      if (values.isNullAt(i)) {
        out.put((byte) '~');
        continue;
      }
      switch (kinds.charAt(i)) {
        case 'i' -> out.ascii(Long.toString(((Number) values.get(i)).longValue()));
        case 'd' -> out.ascii(((BigDecimal) values.get(i)).toPlainString());
        case 's' -> {
          byte[] utf8 = values.getString(i).getBytes(StandardCharsets.UTF_8);
          out.ascii(Integer.toString(characters(utf8)));
          out.put((byte) ':');
          out.put(utf8);
        }
        case 't' -> out.hex64(values.getLong(i) - io.seam.core.pg.PgEpoch.MICROS);
        case 'x' -> out.put(values.getString(i).getBytes(StandardCharsets.UTF_8));
        default -> throw new IllegalArgumentException("unknown canonical kind '" + kinds.charAt(i) + "' in " + kinds);
      }
    }
    return out;
  }

  /** Characters (code points) of UTF-8 text, as length() counts them on both engines: the non-continuation bytes. */
  private static int characters(byte[] utf8) {
    int n = 0;
    for (byte b : utf8) {
      if ((b & 0xC0) != 0x80) {
        n++;
      }
    }
    return n;
  }

  /** A growable byte buffer, one per executor thread, so rendering a row allocates nothing for itself. */
  static final class Buffer {
    byte[] bytes = new byte[256];
    int length;

    private void room(int n) {
      if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
      }
    }

    void put(byte b) {
      room(1);
      bytes[length++] = b;
    }

    void put(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, bytes, length, b.length);
      length += b.length;
    }

    void ascii(String s) {
      room(s.length());
      for (int i = 0; i < s.length(); i++) {
        bytes[length++] = (byte) s.charAt(i);
      }
    }

    /** 16 lower-case hex digits, two's complement for a negative value (as the send function's bytes). */
    void hex64(long v) {
      room(16);
      for (int shift = 60; shift >= 0; shift -= 4) {
        bytes[length++] = HEX[(int) (v >>> shift) & 0xF];
      }
    }
  }
}
