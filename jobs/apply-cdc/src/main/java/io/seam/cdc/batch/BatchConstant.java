package io.seam.cdc.batch;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/**
 * A value the same for every row a batch writes (its id, its write time), as a column whose generated code is
 * the same for every batch. Spark writes long and timestamp literals into the generated source, so a literal
 * gives each batch's write a class of its own to compile; a UDF's value is a reference the cached class reads.
 */
final class BatchConstant {
  private BatchConstant() {}

  static <T> Column of(T value, DataType type) {
    return functions.udf((UDF0<T>) () -> value, type).asNonNullable().apply();
  }
}
