package io.seam.parity.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.parity.compare.fingerprint.RowFingerprint.SumColumn;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class BisectionPlannerTest {
  private static final SumColumn AMOUNT = new SumColumn("amount", DataTypes.createDecimalType(12, 2), 2, true);
  private static final SumColumn RATE = new SumColumn("rate", DataTypes.DoubleType, 0, false);

  private static BucketStats stats(String day, int key, long rows, long hash, String amount) {
    Bucket b = new Bucket(day, key);
    return new BucketStats(b, rows, BigDecimal.valueOf(hash), List.of(new BigDecimal(amount)));
  }

  private static Map<Bucket, BucketStats> map(BucketStats... s) {
    Map<Bucket, BucketStats> m = new TreeMap<>();
    for (BucketStats x : s) {
      m.put(x.bucket(), x);
    }
    return m;
  }

  @Test
  void agreeingDaysAreProvenAndNeverRead() {
    BisectionPlanner p = new BisectionPlanner(List.of(AMOUNT), 1000);
    var plan = p.firstLevel(map(stats("2024-01-01", -1, 10, 5, "1.00"), stats("2024-01-02", -1, 10, 6, "2.00")),
        map(stats("2024-01-01", -1, 10, 5, "1.00"), stats("2024-01-02", -1, 10, 6, "2.00")));
    assertThat(plan.mismatched()).isEmpty();
    assertThat(plan.bucketsToFetch()).isEmpty();
    assertThat(plan.daysToBisect()).isEmpty();
  }

  @Test
  void aSmallDisagreeingDayIsFetchedWholeAndNamesWhatDiffers() {
    BisectionPlanner p = new BisectionPlanner(List.of(AMOUNT), 1000);
    var plan = p.firstLevel(map(stats("2024-01-01", -1, 10, 5, "1.00"), stats("2024-01-02", -1, 10, 6, "2.00")),
        map(stats("2024-01-01", -1, 10, 5, "1.00"), stats("2024-01-02", -1, 10, 7, "2.01")));
    assertThat(plan.bucketsToFetch()).containsExactly(Bucket.ofDay("2024-01-02"));
    BucketComparison c = plan.mismatched().get(0);
    assertThat(c.rowsMatch()).isTrue();
    assertThat(c.hashMatch()).isFalse();
    assertThat(c.sumsMatch()).containsExactly(false);
  }

  @Test
  void aDayOnOnlyOneSideDisagreesAgainstEmpty() {
    BisectionPlanner p = new BisectionPlanner(List.of(AMOUNT), 1000);
    var plan = p.firstLevel(map(stats("2024-01-01", -1, 3, 5, "1.00")), map());
    assertThat(plan.bucketsToFetch()).containsExactly(Bucket.ofDay("2024-01-01"));
    assertThat(plan.mismatched().get(0).target().rows()).isZero();
  }

  @Test
  void aLargeDisagreeingDayIsBisectedByKeyHashAndOnlyItsBadBucketsFetched() {
    BisectionPlanner p = new BisectionPlanner(List.of(AMOUNT), 1000);
    var first = p.firstLevel(map(stats("2024-01-01", -1, 5000, 5, "1.00"), stats("2024-01-02", -1, 20, 1, "1.00")),
        map(stats("2024-01-01", -1, 4999, 4, "1.00"), stats("2024-01-02", -1, 21, 1, "1.00")));
    assertThat(first.daysToBisect()).containsExactly("2024-01-01");
    assertThat(first.bucketsToFetch()).containsExactly(Bucket.ofDay("2024-01-02"));

    var second = p.secondLevel(map(stats("2024-01-01", 0, 2500, 2, "0.50"), stats("2024-01-01", 7, 2500, 3, "0.50")),
        map(stats("2024-01-01", 0, 2500, 2, "0.50"), stats("2024-01-01", 7, 2499, 2, "0.50")));
    assertThat(second.bucketsToFetch()).containsExactly(new Bucket("2024-01-01", 7));
  }

  @Test
  void keyBucketsOfATableWithoutDaysAreFetchedNotBisected() {
    BisectionPlanner p = new BisectionPlanner(List.of(AMOUNT), 10);
    var plan = p.firstLevel(map(stats("*", 3, 500, 1, "1.00")), map(stats("*", 3, 499, 1, "1.00")));
    assertThat(plan.daysToBisect()).isEmpty();
    assertThat(plan.bucketsToFetch()).containsExactly(new Bucket("*", 3));
  }

  @Test
  void floatSumsAgreeWithinTheirTolerance() {
    assertThat(BisectionPlanner.sumEquals(RATE, new BigDecimal("1000000.0000001"), new BigDecimal("1000000.0000002")))
        .isTrue();
    assertThat(BisectionPlanner.sumEquals(RATE, new BigDecimal("1.0"), new BigDecimal("1.1"))).isFalse();
    assertThat(BisectionPlanner.sumEquals(AMOUNT, new BigDecimal("1.00"), new BigDecimal("1.0"))).isTrue();
  }
}
