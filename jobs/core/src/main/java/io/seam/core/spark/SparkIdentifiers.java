package io.seam.core.spark;

/** Quoting of column names in Spark SQL (backticks), for every name that reaches a Spark expression. */
public final class SparkIdentifiers {
  private SparkIdentifiers() {}

  public static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
