package io.seam.core.pg;

/**
 * What a source column is, for every leg of its trip: how the backfill copies it, how the stream decodes it,
 * how parity renders it canonically on each engine. One closed set, computed once from the catalog
 * ({@link TypeMapping#typeOf}): every part of Seam switches over it exhaustively, so a new kind cannot be
 * half supported. A type outside it is refused before any row is read.
 */
public enum ColumnKind {
  BOOL, INT2, INT4, INT8, FLOAT4, FLOAT8,
  /** A bounded numeric(p,s): a Spark decimal of the same precision and scale. */
  NUMERIC,
  DATE, TIMESTAMPTZ, TIMESTAMP,
  /** time without zone: its PostgreSQL text form (the stream gets microseconds and renders them so). */
  TIME,
  BYTEA,
  /** text and varchar: the value is the text itself. */
  TEXT,
  /**
   * bpchar and name: character types read as they are (a cast to text would strip char(n)'s padding), whose
   * canonical form is the type's output function.
   */
  CHARACTER,
  /**
   * uuid, json, jsonb, xml, network types, citext, "char", enums: their PostgreSQL text form, cast to text at
   * the source.
   */
  TEXT_FORM,
  /** A one-dimensional array of another kind ({@link ColumnType#element}), never of numeric or of arrays. */
  ARRAY;

  public boolean isInteger() {
    return this == INT2 || this == INT4 || this == INT8;
  }
}
