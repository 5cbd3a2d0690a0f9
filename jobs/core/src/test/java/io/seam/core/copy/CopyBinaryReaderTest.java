package io.seam.core.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.core.copy.CopyBinaryReader.CopyDecodingException;
import io.seam.core.copy.CopyField.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.junit.jupiter.api.Test;

/** The binary COPY decoder against streams laid out as PostgreSQL documents them (real ones: ExactTypesIT). */
class CopyBinaryReaderTest {

  /** Writes a binary COPY stream: signature, flags, header extension, tuples, trailer. */
  private static final class Stream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final DataOutputStream out = new DataOutputStream(bytes);

    Stream() throws IOException {
      out.write(CopyBinaryReader.SIGNATURE);
      out.writeInt(0);
      out.writeInt(3);  // a header extension of 3 bytes, to be skipped
      out.write(new byte[] {7, 7, 7});
    }

    Stream row(byte[]... fields) throws IOException {
      out.writeShort(fields.length);
      for (byte[] f : fields) {
        if (f == null) {
          out.writeInt(-1);
        } else {
          out.writeInt(f.length);
          out.write(f);
        }
      }
      return this;
    }

    byte[] end() throws IOException {
      out.writeShort(-1);
      return bytes.toByteArray();
    }
  }

  private static byte[] of(IoWriter w) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    w.write(new DataOutputStream(b));
    return b.toByteArray();
  }

  private interface IoWriter {
    void write(DataOutputStream out) throws IOException;
  }

  /** numeric's send form: ndigits, weight, sign, dscale, then base-10000 digits. */
  private static byte[] numeric(int weight, boolean negative, int dscale, int... digits) throws IOException {
    return of(o -> {
      o.writeShort(digits.length);
      o.writeShort(weight);
      o.writeShort(negative ? 0x4000 : 0);
      o.writeShort(dscale);
      for (int d : digits) {
        o.writeShort(d);
      }
    });
  }

  private static InternalRow single(CopyField field, byte[] value) throws IOException {
    return new CopyBinaryReader(new ByteArrayInputStream(new Stream().row(value).end()), List.of(field), "t").next();
  }

  /** Hands out at most one byte per read, so every value straddles refills. */
  private static InputStream trickle(byte[] b) {
    return new ByteArrayInputStream(b) {
      @Override
      public synchronized int read(byte[] buf, int off, int len) {
        return super.read(buf, off, Math.min(1, len));
      }
    };
  }

  @Test
  void scalarsBecomeSparkInternalValues() throws IOException {
    List<CopyField> fields = List.of(CopyField.of("b", Kind.BOOL), CopyField.of("s", Kind.INT2),
        CopyField.of("i", Kind.INT4), CopyField.of("l", Kind.INT8), CopyField.of("f", Kind.FLOAT4),
        CopyField.of("d", Kind.FLOAT8), CopyField.of("t", Kind.TEXT), CopyField.of("x", Kind.BYTEA),
        CopyField.of("n", Kind.TEXT));
    byte[] stream = new Stream()
        .row(new byte[] {1}, of(o -> o.writeShort(-7)), of(o -> o.writeInt(123456)),
            of(o -> o.writeLong(9007199254740993L)), of(o -> o.writeFloat(1.5f)), of(o -> o.writeDouble(-0.1)),
            "grüße".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xde, (byte) 0xad}, null)
        .end();
    CopyBinaryReader reader = new CopyBinaryReader(trickle(stream), fields, "t");
    InternalRow row = reader.next();
    assertThat(row.getBoolean(0)).isTrue();
    assertThat(row.getShort(1)).isEqualTo((short) -7);
    assertThat(row.getInt(2)).isEqualTo(123456);
    assertThat(row.getLong(3)).isEqualTo(9007199254740993L);
    assertThat(row.getFloat(4)).isEqualTo(1.5f);
    assertThat(row.getDouble(5)).isEqualTo(-0.1);
    assertThat(row.getUTF8String(6).toString()).isEqualTo("grüße");
    assertThat(row.getBinary(7)).containsExactly(0xde, 0xad);
    assertThat(row.isNullAt(8)).as("length -1 is NULL").isTrue();
    assertThat(reader.next()).as("the trailer ends the stream").isNull();
    assertThat(reader.rows()).isEqualTo(1);
  }

  @Test
  void datesAndTimestampsMoveFromPostgresEpochToUnixEpoch() throws IOException {
    InternalRow d = single(CopyField.of("d", Kind.DATE), of(o -> o.writeInt(-1)));
    assertThat(LocalDate.ofEpochDay(d.getInt(0))).isEqualTo(LocalDate.of(1999, 12, 31));
    InternalRow ts = single(CopyField.of("ts", Kind.TIMESTAMP), of(o -> o.writeLong(1_500_000L)));
    assertThat(Instant.EPOCH.plusNanos(ts.getLong(0) * 1000)).isEqualTo(Instant.parse("2000-01-01T00:00:01.500Z"));
    InternalRow old = single(CopyField.of("ts", Kind.TIMESTAMP), of(o -> o.writeLong(-1_000_000L * 86_400 * 365 * 40)));
    assertThat(old.getLong(0)).as("before 1970 is negative, not wrapped").isNegative();
  }

  @Test
  void numericsAreExactAtTheColumnsScale() throws IOException {
    CopyField money = new CopyField("amount", Kind.NUMERIC, 12, 2, null);
    assertThat(single(money, numeric(1, false, 2, 123, 4567, 8900)).getDecimal(0, 12, 2).toJavaBigDecimal())
        .isEqualTo(new BigDecimal("1234567.89"));
    assertThat(single(money, numeric(-1, true, 2, 500)).getDecimal(0, 12, 2).toJavaBigDecimal())
        .isEqualTo(new BigDecimal("-0.05"));
    assertThat(single(money, numeric(0, false, 2)).getDecimal(0, 12, 2).toJavaBigDecimal())
        .isEqualTo(new BigDecimal("0.00"));
    assertThat(single(money, numeric(2, false, 0, 1)).getDecimal(0, 12, 2).toJavaBigDecimal())
        .as("trailing zero groups are left out on the wire").isEqualTo(new BigDecimal("100000000.00"));
    CopyField wide = new CopyField("wide", Kind.NUMERIC, 38, 10, null);
    assertThat(single(wide, numeric(4, true, 10, 1234, 5678, 9012, 3456, 7890, 1234, 5678, 9000))
        .getDecimal(0, 38, 10).toJavaBigDecimal()).isEqualTo(new BigDecimal("-12345678901234567890.1234567890"));
  }

  @Test
  void aValueBeyondTheColumnsDecimalIsAnErrorNotARounding() {
    CopyField money = new CopyField("public.t.amount", Kind.NUMERIC, 5, 2, null);
    assertThatThrownBy(() -> single(money, numeric(-1, false, 3, 1234)))
        .isInstanceOf(CopyDecodingException.class).hasMessageContaining("column public.t.amount")
        .hasMessageContaining("0.1234 does not fit decimal(5,2)");
    assertThatThrownBy(() -> single(money, numeric(1, false, 0, 12, 3456)))
        .isInstanceOf(CopyDecodingException.class).hasMessageContaining("123456 does not fit decimal(5,2)");
  }

  @Test
  void valuesSparkCannotHoldNameTheColumn() {
    assertThatThrownBy(() -> single(CopyField.of("public.t.ts", Kind.TIMESTAMP), of(o -> o.writeLong(Long.MAX_VALUE))))
        .isInstanceOf(CopyDecodingException.class)
        .hasMessageContaining("column public.t.ts holds infinity, which a Spark timestamp cannot hold");
    assertThatThrownBy(() -> single(CopyField.of("public.t.d", Kind.DATE), of(o -> o.writeInt(Integer.MIN_VALUE))))
        .hasMessageContaining("column public.t.d holds -infinity");
    assertThatThrownBy(() -> single(new CopyField("public.t.n", Kind.NUMERIC, 10, 2, null),
        of(o -> o.writeLong(0x0000_0000_C000_0000L))))
        .hasMessageContaining("column public.t.n holds NaN, which a Spark decimal cannot hold");
  }

  @Test
  void oneDimensionalArraysWithNullElements() throws IOException {
    byte[] array = of(o -> {
      o.writeInt(1);   // dimensions
      o.writeInt(1);   // has nulls
      o.writeInt(23);  // element type int4
      o.writeInt(3);   // size
      o.writeInt(1);   // lower bound
      o.writeInt(4);
      o.writeInt(10);
      o.writeInt(-1);
      o.writeInt(4);
      o.writeInt(30);
    });
    ArrayData a = single(new CopyField("tags", Kind.ARRAY, 0, 0, Kind.INT4), array).getArray(0);
    assertThat(a.numElements()).isEqualTo(3);
    assertThat(a.getInt(0)).isEqualTo(10);
    assertThat(a.isNullAt(1)).isTrue();
    assertThat(a.getInt(2)).isEqualTo(30);
    byte[] empty = of(o -> {
      o.writeInt(0);
      o.writeInt(0);
      o.writeInt(25);
    });
    assertThat(single(new CopyField("tags", Kind.ARRAY, 0, 0, Kind.TEXT), empty).getArray(0).numElements()).isZero();
    byte[] square = of(o -> {
      o.writeInt(2);
      o.writeInt(0);
      o.writeInt(23);
    });
    assertThatThrownBy(() -> single(new CopyField("public.t.grid", Kind.ARRAY, 0, 0, Kind.INT4), square))
        .hasMessageContaining("column public.t.grid holds a 2-dimensional array");
  }

  @Test
  void aFieldLargerThanTheBufferIsReadWhole() throws IOException {
    String big = "x".repeat(200_000);
    InternalRow row = single(CopyField.of("doc", Kind.TEXT), big.getBytes(StandardCharsets.UTF_8));
    assertThat(row.getUTF8String(0).numChars()).isEqualTo(200_000);
  }

  @Test
  void aStreamCutShortIsAnErrorNotAnEnd() throws IOException {
    byte[] whole = new Stream().row(of(o -> o.writeInt(1))).row(of(o -> o.writeInt(2))).end();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 5);
    CopyBinaryReader reader = new CopyBinaryReader(new ByteArrayInputStream(cut), List.of(CopyField.of("i", Kind.INT4)),
        "public.t split 2 of 4");
    assertThat(reader.next().getInt(0)).isEqualTo(1);
    assertThatThrownBy(reader::next).isInstanceOf(EOFException.class)
        .hasMessageContaining("public.t split 2 of 4: the COPY stream ended inside a row (after 1 rows)");
  }

  @Test
  void aRowOfTheWrongWidthOrTypeIsRefused() throws IOException {
    byte[] two = new Stream().row(of(o -> o.writeInt(1)), of(o -> o.writeInt(2))).end();
    assertThatThrownBy(() -> new CopyBinaryReader(new ByteArrayInputStream(two), List.of(CopyField.of("i", Kind.INT4)),
        "t").next()).hasMessageContaining("a row arrived with 2 fields, the select list has 1");
    assertThatThrownBy(() -> single(CopyField.of("public.t.i", Kind.INT8), of(o -> o.writeInt(1))))
        .hasMessageContaining("column public.t.i arrived with 4 bytes, a INT8 has 8");
    assertThatThrownBy(() -> new CopyBinaryReader(new ByteArrayInputStream("this is not a COPY stream at all".getBytes()),
        List.of(CopyField.of("i", Kind.INT4)), "t").next())
        .hasMessageContaining("does not start with PostgreSQL's binary COPY signature");
  }
}
