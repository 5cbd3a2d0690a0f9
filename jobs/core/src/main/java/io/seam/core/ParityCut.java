package io.seam.core;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Decides exactly, per change, whether it committed at or before a frozen source position F: parity reads the
 * target as of F (the base tables overlaid with the change log's changes below the cut) and compares it with
 * the source's snapshot at F.
 *
 * <p>A streamed change of transaction T_k has version {@code P_k * 2^32 + position}, position >= 1,
 * where P_k is the last commit LSN seen before T_k: {@code C_(k-1) <= P_k < C_k} with C the commit LSNs
 * in commit order. Let C_j be the greatest commit LSN at or before F among the streamed transactions
 * (read from the transaction END markers the apply job records). Then
 * <ul>
 *   <li>k <= j (committed at or before F): P_k < C_k <= C_j, so the version is below C_j * 2^32;</li>
 *   <li>k > j (committed after F): P_k >= C_j, so the version is at least C_j * 2^32 + 1.</li>
 * </ul>
 * The cut is therefore {@code C_j * 2^32 + 1}. With no streamed commit at or before F every streamed
 * change is after F and the cut is 1: backfilled rows (version 0) stay before it. A previous-commit LSN
 * alone could not place the first transaction after F; the recorded commit LSNs do.
 */
public record ParityCut(Lsn freeze, BigDecimal firstVersionAfter) {

  /** {@code lastCommitAtOrBeforeFreeze}: C_j, if any streamed transaction committed at or before F. */
  public static ParityCut of(Lsn freeze, Optional<Lsn> lastCommitAtOrBeforeFreeze) {
    lastCommitAtOrBeforeFreeze.ifPresent(c -> {
      if (c.isAfter(freeze)) {
        throw new IllegalArgumentException("commit " + c + " is after the freeze " + freeze);
      }
    });
    BigDecimal cut = lastCommitAtOrBeforeFreeze.map(c -> new ChangeVersion(c, 1).toDecimal())
        .orElse(new ChangeVersion(new Lsn(0), 1).toDecimal());
    return new ParityCut(freeze, cut);
  }

  /** Whether a change with this {@code _seam_version} committed after the freeze (left out of the target as of F). */
  public boolean isAfter(BigDecimal version) {
    return version.compareTo(firstVersionAfter) >= 0;
  }

  /** The same test as a Spark SQL predicate over a version column. */
  public String afterPredicate(String versionColumn) {
    return versionColumn + " >= " + firstVersionAfter.toPlainString();
  }
}
