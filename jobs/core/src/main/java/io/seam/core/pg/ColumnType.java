package io.seam.core.pg;

import java.io.Serializable;
import org.apache.spark.sql.types.DataType;

/**
 * A source column's kind and its exact Spark/Delta type, as {@link TypeMapping} decides them once.
 *
 * @param element for {@link ColumnKind#ARRAY}, the elements' kind; else null
 */
public record ColumnType(ColumnKind kind, ColumnKind element, DataType sparkType) implements Serializable {
  public ColumnType {
    if ((kind == ColumnKind.ARRAY) != (element != null) || element == ColumnKind.ARRAY
        || element == ColumnKind.NUMERIC) {
      throw new IllegalArgumentException(kind + " of " + element + " is not a column type");
    }
  }
}
