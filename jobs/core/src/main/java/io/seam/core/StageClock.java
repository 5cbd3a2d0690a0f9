package io.seam.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a step's time went, stage by stage, for its log line (an apply micro-batch, a parity table): the
 * first thing to read when it is slow.
 */
public final class StageClock {
  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private long last = System.nanoTime();

  /** Charges the time since the previous lap to {@code stage} (stages may repeat, e.g. one merge per table). */
  public void lap(String stage) {
    long now = System.nanoTime();
    nanos.merge(stage, now - last, Long::sum);
    last = now;
  }

  /** Charges {@code time} measured elsewhere (work that ran alongside the laps) to {@code stage}. */
  public void charge(String stage, java.time.Duration time) {
    nanos.merge(stage, time.toNanos(), Long::sum);
  }

  @Override
  public String toString() {
    return nanos.entrySet().stream().map(e -> String.format("%s %.1f s", e.getKey(), e.getValue() / 1e9))
        .collect(Collectors.joining(", "));
  }
}
