package io.seam.parity.compare;

/** How finely a side's figures are grouped. */
public enum Granularity {
  /** Days, or key buckets for a table without a day column: what the report shows. */
  FIRST,
  /** Day and key bucket: for bisecting large days, and for subtracting excluded keys at any level. */
  FINE
}
