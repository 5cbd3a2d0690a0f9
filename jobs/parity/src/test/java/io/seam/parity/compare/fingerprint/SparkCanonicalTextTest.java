package io.seam.parity.compare.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The renderer alone; FingerprintIT checks it against PostgreSQL's own rendering of every type. */
class SparkCanonicalTextTest {
  private static String text(String kinds, Object... values) {
    SparkCanonicalText.Buffer b = SparkCanonicalText.render(kinds, RowFactory.create(values));
    return new String(b.bytes, 0, b.length, StandardCharsets.UTF_8);
  }

  @Test
  void rendersEachKindAndJoinsThemWithCommas() {
    assertThat(text("iidd", Long.MIN_VALUE, (short) -7, new BigDecimal("0.000000000001"), new BigDecimal("-12.50")))
        .isEqualTo("-9223372036854775808,-7,0.000000000001,-12.50");
    // Strings count characters, not bytes or UTF-16 units: ü is two bytes, 😀 two UTF-16 units.
    assertThat(text("ss", "ü😀,", "")).isEqualTo("3:ü😀,,0:");
    assertThat(text("x", "00036a4f7a1b5c00")).isEqualTo("00036a4f7a1b5c00");
  }

  @Test
  void timestampsAreTheHexOfMicrosecondsSince2000() {
    assertThat(text("t", 946_684_800_000_000L)).isEqualTo("0000000000000000");
    assertThat(text("t", 946_684_800_000_001L)).isEqualTo("0000000000000001");
    assertThat(text("t", 946_684_799_999_999L)).isEqualTo("ffffffffffffffff");
  }

  @Test
  void nullIsATildeWhateverTheKind() {
    assertThat(text("isdtx", null, null, null, null, null)).isEqualTo("~,~,~,~,~");
  }

  @Test
  void theBufferGrowsForLongRowsAndIsReusedAfterwards() {
    String longText = "x".repeat(1000);
    assertThat(text("s", longText)).isEqualTo("1000:" + longText);
    assertThat(text("i", 1L)).isEqualTo("1");
  }

  @Test
  void anUnknownKindIsAnError() {
    Row row = RowFactory.create(1L);
    assertThatThrownBy(() -> SparkCanonicalText.render("q", row)).hasMessageContaining("unknown canonical kind 'q'");
  }
}
