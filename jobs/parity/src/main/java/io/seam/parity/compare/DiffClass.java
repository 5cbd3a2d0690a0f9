package io.seam.parity.compare;

/** What kind of difference a row (or one of its columns) shows. */
public enum DiffClass {
  /** In the source as of the freeze, not in the target. */
  MISSING_IN_TARGET,
  /** In the target, not in the source as of the freeze (an extra row, or a deleted row come back). */
  EXTRA_IN_TARGET,
  /** Values differ, and not only by rounding or a time-zone shift. */
  VALUE_MISMATCH,
  /** Numbers that differ only by rounding or precision (a last-digit difference, a value rounded to fewer digits). */
  ROUNDING,
  /** Timestamps that differ by a whole number of quarter hours up to 18 h: a time zone applied twice or not at all. */
  TIME_ZONE_SHIFT
}
