package io.seam.parity.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparisonTest {
  private static final ShadowQuery UNORDERED = new ShadowQuery("q", "", "", false, 1e-9);
  private static final ShadowQuery ORDERED = new ShadowQuery("q", "", "", true, 1e-9);

  private static ResultRows rows(List<String> columns, Object[]... rows) {
    return new ResultRows(columns, Arrays.stream(rows)
        .map(r -> Arrays.stream(r).map(ResultRows::normalize).toList()).toList());
  }

  @Test
  void decimalsAgreeWhateverTheirScaleAndFloatsWithinTheTolerance() {
    ResultRows pg = rows(List.of("status", "revenue", "avg"), new Object[] {"paid", new BigDecimal("10.50"), 0.1 + 0.2},
        new Object[] {"new", 3L, null});
    ResultRows spark = rows(List.of("status", "revenue", "avg"), new Object[] {"new", new BigDecimal("3.00"), null},
        new Object[] {"paid", new BigDecimal("10.5"), 0.3});
    ResultComparison.Outcome o = ResultComparison.compare(UNORDERED, pg, spark);
    assertThat(o.same()).isTrue();
    assertThat(o.sourceRows()).isEqualTo(2);
  }

  @Test
  void aDifferingGroupIsListedWithBothValuesSideBySide() {
    ResultRows pg = rows(List.of("status", "n"), new Object[] {"new", 5L}, new Object[] {"paid", 7L});
    ResultRows spark = rows(List.of("status", "n"), new Object[] {"new", 5L}, new Object[] {"paid", 8L});
    ResultComparison.Outcome o = ResultComparison.compare(UNORDERED, pg, spark);
    assertThat(o.same()).isFalse();
    assertThat(o.differing()).isEqualTo(1);
    assertThat(o.listed()).singleElement().satisfies(d -> {
      assertThat(d.source()).containsExactly("paid", "7");
      assertThat(d.target()).containsExactly("paid", "8");
    });
    assertThat(o.explanation()).isEmpty();
  }

  @Test
  void nullsAreEqualOnlyToNullsAndAFloatBeyondItsToleranceDiffers() {
    assertThat(ResultComparison.valuesAgree(null, null, 0)).isTrue();
    assertThat(ResultComparison.valuesAgree(null, BigDecimal.ZERO, 0)).isFalse();
    assertThat(ResultComparison.valuesAgree(1.0, 1.0 + 1e-12, 1e-9)).isTrue();
    assertThat(ResultComparison.valuesAgree(1.0, 1.001, 1e-9)).isFalse();
    assertThat(ResultComparison.valuesAgree(Double.NaN, Double.NaN, 1e-9)).isTrue();
    assertThat(ResultComparison.valuesAgree(new BigDecimal("0.1"), new BigDecimal("0.10000000001"), 1e-9))
        .as("decimals are exact: the tolerance is for floats").isFalse();
  }

  @Test
  void dayBucketsTakenInAnotherZoneAreExplainedAsATimeZoneChoice() {
    ResultRows pg = rows(List.of("day", "orders"),
        new Object[] {Instant.parse("2024-03-08T23:00:00Z"), 20L}, new Object[] {Instant.parse("2024-03-09T23:00:00Z"), 24L});
    ResultRows spark = rows(List.of("day", "orders"),
        new Object[] {Instant.parse("2024-03-09T00:00:00Z"), 21L}, new Object[] {Instant.parse("2024-03-10T00:00:00Z"), 23L});
    ResultComparison.Outcome o = ResultComparison.compare(UNORDERED, pg, spark);
    assertThat(o.differing()).isEqualTo(2);
    assertThat(o.explanation()).hasValueSatisfying(e -> assertThat(e).contains("-1 h off", "time-zone choice"));
    ResultRows dates = rows(List.of("day"), new Object[] {LocalDate.parse("2024-03-08")});
    ResultRows later = rows(List.of("day"), new Object[] {LocalDate.parse("2024-03-09")});
    assertThat(ResultComparison.compare(UNORDERED, dates, later).explanation())
        .hasValueSatisfying(e -> assertThat(e).contains("-1 day(s) off"));
  }

  @Test
  void theSameRowsInAnotherOrderDifferOnlyForAnOrderedQueryAndSaySo() {
    ResultRows pg = rows(List.of("name"), new Object[] {"alice"}, new Object[] {"Bob"});
    ResultRows spark = rows(List.of("name"), new Object[] {"Bob"}, new Object[] {"alice"});
    assertThat(ResultComparison.compare(UNORDERED, pg, spark).same()).isTrue();
    ResultComparison.Outcome o = ResultComparison.compare(ORDERED, pg, spark);
    assertThat(o.same()).isFalse();
    assertThat(o.differing()).isEqualTo(2);
    assertThat(o.listed().get(0).index()).isEqualTo(1);
    assertThat(o.explanation()).hasValueSatisfying(e -> assertThat(e).contains("same rows in another order",
        "collation"));
  }

  @Test
  void aRowOnOneSideOnlyIsListedAgainstNothing() {
    ResultRows pg = rows(List.of("id"), new Object[] {1L}, new Object[] {2L});
    ResultRows spark = rows(List.of("id"), new Object[] {1L});
    ResultComparison.Outcome o = ResultComparison.compare(ORDERED, pg, spark);
    assertThat(o.differing()).isEqualTo(1);
    assertThat(o.listed()).singleElement().satisfies(d -> {
      assertThat(d.source()).containsExactly("2");
      assertThat(d.target()).isNull();
    });
  }

  @Test
  void aTopNWhoseTextOrderFollowsACollationOnOneSideIsExplained() {
    ResultRows pg = rows(List.of("name", "spend"), new Object[] {"alice", 5L}, new Object[] {"Bob", 9L},
        new Object[] {"carol", 1L});
    ResultRows spark = rows(List.of("name", "spend"), new Object[] {"Bob", 9L}, new Object[] {"Dave", 4L},
        new Object[] {"alice", 5L});
    ResultComparison.Outcome o = ResultComparison.compare(ORDERED, pg, spark);
    assertThat(o.same()).isFalse();
    assertThat(o.explanation()).hasValueSatisfying(e -> assertThat(e).contains("linguistic collation",
        "code point", "COLLATE \"C\""));
  }
}
