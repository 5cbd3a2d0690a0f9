package io.seam.parity.compare;

import java.io.Serializable;
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
}
