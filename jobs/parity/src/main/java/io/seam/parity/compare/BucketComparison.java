package io.seam.parity.compare;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/** Both sides' figures for one bucket and which of them disagree. */
public record BucketComparison(Bucket bucket, BucketStats source, BucketStats target, boolean rowsMatch,
    List<Boolean> sumsMatch, boolean hashMatch) implements Serializable {

  public boolean matches() {
    return rowsMatch && hashMatch && sumsMatch.stream().allMatch(b -> b);
  }

  public long largerSide() {
    return Math.max(source.rows(), target.rows());
  }

  /** Relative tolerance for floating-point sums: their addition order differs between the two engines. */
  static final BigDecimal FLOAT_TOLERANCE = new BigDecimal("1e-9");
}
