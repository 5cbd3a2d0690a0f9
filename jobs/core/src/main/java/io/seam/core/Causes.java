package io.seam.core;

/** Spark and JDBC wrap the failure that matters; its message is at the bottom of the cause chain. */
public final class Causes {
  private Causes() {}

  public static Throwable root(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
