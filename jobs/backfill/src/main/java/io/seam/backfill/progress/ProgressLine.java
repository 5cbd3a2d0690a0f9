package io.seam.backfill.progress;

import java.time.Duration;

/** Formats a progress line: rows done of an estimate, rate and ETA. Pure, for the tests' sake. */
public final class ProgressLine {
  private ProgressLine() {}

  public static String format(String what, long rows, long estimatedRows, int splitsDone, int splits,
      Duration elapsed) {
    double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
    long rate = (long) (rows / seconds);
    StringBuilder sb = new StringBuilder(what).append(": ").append(human(rows));
    if (estimatedRows > 0) {
      long pct = Math.min(99, rows * 100 / estimatedRows);
      sb.append(" / ~").append(human(estimatedRows)).append(" rows (").append(pct).append("%)");
    } else {
      sb.append(" rows");
    }
    sb.append(", splits ").append(splitsDone).append('/').append(splits);
    sb.append(", ").append(human(rate)).append(" rows/s");
    if (estimatedRows > rows && rate > 0) {
      sb.append(", ETA ").append(clock(Duration.ofSeconds((estimatedRows - rows) / rate)));
    }
    return sb.toString();
  }

  public static String human(long n) {
    if (n >= 10_000_000) {
      return String.format("%.1fM", n / 1e6);
    }
    if (n >= 1_000_000) {
      return String.format("%.2fM", n / 1e6);
    }
    if (n >= 10_000) {
      return String.format("%.1fk", n / 1e3);
    }
    return Long.toString(n);
  }

  public static String clock(Duration d) {
    long s = d.getSeconds();
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
