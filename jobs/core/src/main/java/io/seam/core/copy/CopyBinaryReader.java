package io.seam.core.copy;

import io.seam.core.copy.CopyField.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Decodes PostgreSQL's binary COPY stream into Spark's internal rows, one at a time, never holding more
 * than a buffer of it. The format (PostgreSQL docs, COPY, "Binary Format"): an 11-byte signature, flags
 * and a header extension, then per tuple an int16 field count and per field an int32 length (-1 for NULL)
 * followed by the type's binary send form, all big-endian; a field count of -1 ends the stream.
 *
 * <p>Values are exact by construction: numerics become the column's decimal without rounding (a value
 * that does not fit is an error), timestamps keep their microseconds, text its bytes. The few values
 * PostgreSQL has and Spark cannot hold (infinite dates and timestamps, numeric NaN and infinities) stop
 * the read with the column named instead of being stored as something else.
 */
public final class CopyBinaryReader {
  static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private final InputStream in;
  private final CopyField[] fields;
  private final String what;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean started;
  private boolean ended;
  private long rows;

  /** @param what names the stream in errors, e.g. "public.orders split 3 of 8" */
  public CopyBinaryReader(InputStream in, List<CopyField> fields, String what) {
    this.in = in;
    this.fields = fields.toArray(CopyField[]::new);
    this.what = what;
  }

  public long rows() {
    return rows;
  }

  /** The next row, or null once the stream's trailer has been read. */
  public InternalRow next() throws IOException {
    if (ended) {
      return null;
    }
    if (!started) {
      header();
      started = true;
    }
    ensure(2);
    short count = readShort();
    if (count == -1) {
      ended = true;
      return null;
    }
    if (count != fields.length) {
      throw new CopyDecodingException(what + ": a row arrived with " + count + " fields, the select list has "
          + fields.length + "; did the table change while it was read?");
    }
    Object[] values = new Object[count];
    for (int i = 0; i < count; i++) {
      ensure(4);
      int len = readInt();
      if (len >= 0) {
        ensure(len);
        values[i] = field(fields[i], len);
        pos += len;
      }
    }
    rows++;
    return new GenericInternalRow(values);
  }

  private void header() throws IOException {
    ensure(SIGNATURE.length + 8);
    if (!Arrays.equals(buf, pos, pos + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
      throw new CopyDecodingException(what + ": the stream does not start with PostgreSQL's binary COPY signature");
    }
    pos += SIGNATURE.length;
    int flags = readInt();
    if ((flags & (1 << 16)) != 0) {
      throw new CopyDecodingException(what + ": the COPY stream carries OIDs, which Seam does not request");
    }
    int extension = readInt();
    ensure(extension);
    pos += extension;
  }

  private Object field(CopyField f, int len) {
    if (f.kind() == Kind.ARRAY) {
      return array(f, len);
    }
    return scalar(f, f.kind(), pos, len);
  }

  private Object scalar(CopyField f, Kind kind, int at, int len) {
    switch (kind) {
      case BOOL:
        expectLength(f, kind, len, 1);
        return buf[at] != 0;
      case INT2:
        expectLength(f, kind, len, 2);
        return (short) (((buf[at] & 0xff) << 8) | (buf[at + 1] & 0xff));
      case INT4:
        expectLength(f, kind, len, 4);
        return intAt(at);
      case INT8:
        expectLength(f, kind, len, 8);
        return longAt(at);
      case FLOAT4:
        expectLength(f, kind, len, 4);
        return Float.intBitsToFloat(intAt(at));
      case FLOAT8:
        expectLength(f, kind, len, 8);
        return Double.longBitsToDouble(longAt(at));
      case DATE: {
        expectLength(f, kind, len, 4);
        int days = intAt(at);
        if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
          throw unrepresentable(f, days > 0 ? "infinity" : "-infinity", "date");
        }
        return days + io.seam.core.pg.PgEpoch.DAYS;
      }
      case TIMESTAMP: {
        expectLength(f, kind, len, 8);
        long micros = longAt(at);
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
          throw unrepresentable(f, micros > 0 ? "infinity" : "-infinity", "timestamp");
        }
        return micros + io.seam.core.pg.PgEpoch.MICROS;
      }
      case NUMERIC:
        return numeric(f, at, len);
      case BYTEA:
        return Arrays.copyOfRange(buf, at, at + len);
      case TEXT:
        return UTF8String.fromBytes(Arrays.copyOfRange(buf, at, at + len));  // the buffer is reused
      default:
        throw new CopyDecodingException(what + ": column " + f.column() + " has no decoding for " + kind);
    }
  }

  /** One-dimensional arrays: ndim, has-null flag, element type, then (size, lower bound) and the elements. */
  private Object array(CopyField f, int len) {
    int at = pos;
    int dims = intAt(at);
    if (dims == 0) {
      return new GenericArrayData(new Object[0]);
    }
    if (dims != 1) {
      throw new CopyDecodingException(what + ": column " + f.column() + " holds a " + dims + "-dimensional array;"
          + " Spark arrays have one dimension, so Seam will not flatten it. Fix: leave the table out of tables[]"
          + " or store the value as one-dimensional arrays (see docs/types.md)");
    }
    int size = intAt(at + 12);
    at += 20;
    Object[] elements = new Object[size];
    for (int i = 0; i < size; i++) {
      int elementLen = intAt(at);
      at += 4;
      if (elementLen >= 0) {
        elements[i] = scalar(f, f.element(), at, elementLen);
        at += elementLen;
      }
    }
    if (at != pos + len) {
      throw new CopyDecodingException(what + ": column " + f.column() + ": the array's elements do not fill its field");
    }
    return new GenericArrayData(elements);
  }

  /**
   * PostgreSQL's numeric: ndigits, weight, sign, dscale (int16 each), then ndigits base-10000 digits, the
   * first worth 10000^weight. Scaled to the column's scale exactly; the long path covers precision ≤ 18.
   */
  private Decimal numeric(CopyField f, int at, int len) {
    int ndigits = shortAt(at);
    int weight = shortAt(at + 2);
    int sign = shortAt(at + 4) & 0xffff;
    if (sign != 0x0000 && sign != 0x4000) {
      throw unrepresentable(f, sign == 0xC000 ? "NaN" : sign == 0xD000 ? "Infinity" : "-Infinity", "decimal");
    }
    if (len != 8 + 2 * ndigits) {
      throw new CopyDecodingException(what + ": column " + f.column() + ": a numeric of " + len + " bytes for "
          + ndigits + " digits");
    }
    // the digits read as one integer are the value times 10000^(ndigits - 1 - weight)
    int exponent10 = f.scale() - 4 * (ndigits - 1 - weight);
    long unscaled = 0;
    boolean fits = ndigits <= 4;
    for (int i = 0; i < ndigits && fits; i++) {
      unscaled = unscaled * 10_000 + shortAt(at + 8 + 2 * i);
    }
    if (fits && exponent10 >= 0 && exponent10 < POW10.length && Math.abs(unscaled) <= Long.MAX_VALUE / POW10[exponent10]) {
      unscaled *= POW10[exponent10];
    } else if (fits && exponent10 < 0 && -exponent10 < POW10.length && unscaled % POW10[-exponent10] == 0) {
      unscaled /= POW10[-exponent10];
    } else {
      return bigNumeric(f, at, ndigits, weight, sign);
    }
    if (f.precision() < POW10.length && Math.abs(unscaled) >= POW10[f.precision()]) {
      return bigNumeric(f, at, ndigits, weight, sign);  // too wide for the column: its error names the value
    }
    return Decimal.apply(sign == 0x4000 ? -unscaled : unscaled, f.precision(), f.scale());
  }

  private Decimal bigNumeric(CopyField f, int at, int ndigits, int weight, int sign) {
    BigInteger digits = BigInteger.ZERO;
    BigInteger base = BigInteger.valueOf(10_000);
    for (int i = 0; i < ndigits; i++) {
      digits = digits.multiply(base).add(BigInteger.valueOf(shortAt(at + 8 + 2 * i)));
    }
    BigDecimal value = new BigDecimal(sign == 0x4000 ? digits.negate() : digits, 4 * (ndigits - 1 - weight));
    try {
      BigDecimal exact = value.setScale(f.scale());
      if (exact.precision() - exact.scale() > f.precision() - f.scale()) {
        throw new ArithmeticException("too many integer digits");
      }
      return Decimal.apply(exact, f.precision(), f.scale());
    } catch (ArithmeticException e) {
      throw new CopyDecodingException(what + ": column " + f.column() + ": the value " + value.stripTrailingZeros()
          .toPlainString() + " does not fit decimal(" + f.precision() + "," + f.scale() + ") exactly");
    }
  }

  private void expectLength(CopyField f, Kind kind, int len, int expected) {
    if (len != expected) {
      throw new CopyDecodingException(what + ": column " + f.column() + " arrived with " + len + " bytes, a "
          + kind + " has " + expected + "; did its type change while the table was read?");
    }
  }

  private CopyDecodingException unrepresentable(CopyField f, String value, String type) {
    return new CopyDecodingException(what + ": column " + f.column() + " holds " + value + ", which a Spark " + type
        + " cannot hold; Seam will not store it as something else. Fix: replace such values at the source (or"
        + " leave the table out of tables[]); see docs/types.md");
  }

  private void ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return;
    }
    System.arraycopy(buf, pos, buf, 0, limit - pos);
    limit -= pos;
    pos = 0;
    if (n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
    }
    while (limit < n) {
      int r = in.read(buf, limit, buf.length - limit);
      if (r < 0) {
        throw new EOFException(what + ": the COPY stream ended inside a row (after " + rows + " rows); the"
            + " connection to PostgreSQL was probably lost");
      }
      limit += r;
    }
  }

  private short readShort() {
    short v = (short) shortAt(pos);
    pos += 2;
    return v;
  }

  private int readInt() {
    int v = intAt(pos);
    pos += 4;
    return v;
  }

  private int shortAt(int at) {
    return (short) (((buf[at] & 0xff) << 8) | (buf[at + 1] & 0xff));
  }

  private int intAt(int at) {
    return ((buf[at] & 0xff) << 24) | ((buf[at + 1] & 0xff) << 16) | ((buf[at + 2] & 0xff) << 8) | (buf[at + 3] & 0xff);
  }

  private long longAt(int at) {
    return ((long) intAt(at) << 32) | (intAt(at + 4) & 0xffffffffL);
  }

  /** A field Seam cannot turn into the column's Spark value exactly. */
  public static final class CopyDecodingException extends RuntimeException {
    public CopyDecodingException(String message) {
      super(message);
    }
  }
}
