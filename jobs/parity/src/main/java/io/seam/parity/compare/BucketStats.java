package io.seam.parity.compare;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One side's figures for a bucket: rows, the sum of the rows' 60-bit hashes, and the configured
 * sums. All three add up, so the figures of rows excluded from the comparison can be subtracted.
 */
public record BucketStats(Bucket bucket, long rows, BigDecimal hashSum, List<BigDecimal> sums) implements Serializable {
  public BucketStats {
    sums = List.copyOf(sums);
  }

  public static BucketStats empty(Bucket bucket, int sumCount) {
    List<BigDecimal> zeros = new ArrayList<>();
    for (int i = 0; i < sumCount; i++) {
      zeros.add(BigDecimal.ZERO);
    }
    return new BucketStats(bucket, 0, BigDecimal.ZERO, zeros);
  }

  public BucketStats plus(BucketStats o) {
    List<BigDecimal> s = new ArrayList<>();
    for (int i = 0; i < sums.size(); i++) {
      s.add(sums.get(i).add(o.sums.get(i)));
    }
    return new BucketStats(bucket, rows + o.rows, hashSum.add(o.hashSum), s);
  }
}
