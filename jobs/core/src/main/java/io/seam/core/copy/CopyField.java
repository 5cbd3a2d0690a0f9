package io.seam.core.copy;

import java.io.Serializable;

/**
 * How one field of PostgreSQL's binary COPY output becomes Spark's internal value.
 *
 * @param column the source column, named in every decoding error
 * @param kind the wire format the field arrives in (after {@link CopyColumns}' casts)
 * @param precision for {@link Kind#NUMERIC}, the target decimal's precision; else 0
 * @param scale for {@link Kind#NUMERIC}, the target decimal's scale; else 0
 * @param element for {@link Kind#ARRAY}, the elements' wire format; else null
 */
public record CopyField(String column, Kind kind, int precision, int scale, Kind element) implements Serializable {

  /** PostgreSQL's binary send formats Seam reads; everything else is cast to text in the query. */
  public enum Kind { BOOL, INT2, INT4, INT8, FLOAT4, FLOAT8, DATE, TIMESTAMP, NUMERIC, BYTEA, TEXT, ARRAY }

  public CopyField {
    if ((kind == Kind.ARRAY) != (element != null) || element == Kind.ARRAY || element == Kind.NUMERIC) {
      throw new IllegalArgumentException("column " + column + ": " + kind + " of " + element + " is not a COPY field");
    }
  }

  public static CopyField of(String column, Kind kind) {
    return new CopyField(column, kind, 0, 0, null);
  }
}
