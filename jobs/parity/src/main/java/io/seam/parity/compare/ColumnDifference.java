package io.seam.parity.compare;

import java.io.Serializable;

/** One column whose value differs: both values as text, and the kind of difference. */
public record ColumnDifference(String column, String source, String target, DiffClass kind) implements Serializable {}
