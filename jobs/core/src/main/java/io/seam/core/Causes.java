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

  /**
   * The first of Seam's own explanations in the chain (an exception of Seam's, or a message Seam put into
   * the source's SQL, which starts with {@code seam:}), else null. Failures inside Spark tasks reach the
   * driver wrapped in Spark's exceptions; the explanation a person can act on is below them.
   */
  public static Throwable seams(Throwable e) {
    return find(e, t -> t.getClass().getName().startsWith("io.seam.") || String.valueOf(t.getMessage()).contains("seam:"));
  }

  /**
   * The words a person acts on for a failure: Seam's own explanation when the chain has one ({@link #seams}),
   * else the root cause's message, else the root cause itself.
   */
  public static String explanation(Throwable e) {
    Throwable own = seams(e);
    Throwable t = own != null ? own : root(e);
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /** The first throwable in the cause chain, from {@code e} down, that passes {@code test}; else null. */
  public static Throwable find(Throwable e, java.util.function.Predicate<Throwable> test) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (test.test(t)) {
        return t;
      }
    }
    return null;
  }
}
