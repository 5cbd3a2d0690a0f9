package io.seam.parity.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffClassifierTest {
  @Test
  void oneCentAndRoundedToFewerDigitsAreRounding() {
    assertThat(DiffClassifier.column(new BigDecimal("10.00"), new BigDecimal("10.01"))).isEqualTo(DiffClass.ROUNDING);
    assertThat(DiffClassifier.column(new BigDecimal("10.456"), new BigDecimal("10.460"))).isEqualTo(DiffClass.ROUNDING);
    assertThat(DiffClassifier.column(new BigDecimal("2.5"), new BigDecimal("3"))).isEqualTo(DiffClass.ROUNDING);
  }

  @Test
  void realNumericChangesAreValueMismatches() {
    assertThat(DiffClassifier.column(new BigDecimal("10.00"), new BigDecimal("10.50"))).isEqualTo(DiffClass.VALUE_MISMATCH);
    assertThat(DiffClassifier.column(new BigDecimal("100"), new BigDecimal("-100"))).isEqualTo(DiffClass.VALUE_MISMATCH);
    assertThat(DiffClassifier.column(1.0d, 1.5d)).isEqualTo(DiffClass.VALUE_MISMATCH);
    assertThat(DiffClassifier.column(0.1d, 0.1000000001d)).isEqualTo(DiffClass.ROUNDING);
  }

  @Test
  void wholeQuarterHourShiftsUpTo18HoursAreTimeZoneShifts() {
    Timestamp a = Timestamp.from(Instant.parse("2024-03-09T23:30:00Z"));
    assertThat(DiffClassifier.column(a, Timestamp.from(Instant.parse("2024-03-10T01:30:00Z"))))
        .isEqualTo(DiffClass.TIME_ZONE_SHIFT);
    assertThat(DiffClassifier.column(a, Timestamp.from(Instant.parse("2024-03-09T18:00:00Z"))))
        .isEqualTo(DiffClass.TIME_ZONE_SHIFT);  // India's +5:30
    assertThat(DiffClassifier.column(LocalDateTime.parse("2024-01-01T00:00"), LocalDateTime.parse("2024-01-01T09:00")))
        .isEqualTo(DiffClass.TIME_ZONE_SHIFT);
    assertThat(DiffClassifier.column(a, Timestamp.from(Instant.parse("2024-03-11T23:30:00Z"))))
        .isEqualTo(DiffClass.VALUE_MISMATCH);  // two days is not a zone
    assertThat(DiffClassifier.column(a, Timestamp.from(Instant.parse("2024-03-09T23:37:00Z"))))
        .isEqualTo(DiffClass.VALUE_MISMATCH);
  }

  @Test
  void lostSubMillisecondPrecisionIsRounding() {
    Timestamp fine = Timestamp.from(Instant.parse("2024-01-01T00:00:00.123456Z"));
    Timestamp coarse = Timestamp.from(Instant.parse("2024-01-01T00:00:00.123Z"));
    assertThat(DiffClassifier.column(fine, coarse)).isEqualTo(DiffClass.ROUNDING);
  }

  @Test
  void textAndNullsAreValueMismatches() {
    assertThat(DiffClassifier.column("new", "tampered")).isEqualTo(DiffClass.VALUE_MISMATCH);
    assertThat(DiffClassifier.column(null, "x")).isEqualTo(DiffClass.VALUE_MISMATCH);
    assertThat(DiffClassifier.column(new BigDecimal("1.00"), null)).isEqualTo(DiffClass.VALUE_MISMATCH);
  }

  @Test
  void aRowIsRoundingOrShiftOnlyWhenEveryColumnIs() {
    ColumnDifference r = new ColumnDifference("amount", "1.00", "1.01", DiffClass.ROUNDING);
    ColumnDifference z = new ColumnDifference("at", "a", "b", DiffClass.TIME_ZONE_SHIFT);
    ColumnDifference v = new ColumnDifference("status", "new", "paid", DiffClass.VALUE_MISMATCH);
    assertThat(DiffClassifier.row(List.of(r))).isEqualTo(DiffClass.ROUNDING);
    assertThat(DiffClassifier.row(List.of(z, z))).isEqualTo(DiffClass.TIME_ZONE_SHIFT);
    assertThat(DiffClassifier.row(List.of(r, z))).isEqualTo(DiffClass.VALUE_MISMATCH);
    assertThat(DiffClassifier.row(List.of(r, v))).isEqualTo(DiffClass.VALUE_MISMATCH);
  }

  @Test
  void valuesAreRenderedForPeople() {
    assertThat(DiffClassifier.text(Timestamp.from(Instant.parse("2024-01-01T10:00:00Z")))).isEqualTo("2024-01-01T10:00:00Z");
    assertThat(DiffClassifier.text(new BigDecimal("1E-12"))).isEqualTo("0.000000000001");
    assertThat(DiffClassifier.text(new byte[] {0, (byte) 255})).isEqualTo("\\x00ff");
    assertThat(DiffClassifier.text(null)).isNull();
  }
}
