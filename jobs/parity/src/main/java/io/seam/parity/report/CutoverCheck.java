package io.seam.parity.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cutover rule over parity's history: ready only after {@code cleanRuns} consecutive clean runs
 * (the most recent ones, nothing else in between) spanning at least the soak period. A run that found
 * differences or could not run starts the count again. Pure.
 */
public final class CutoverCheck {
  public record Run(String runId, Instant finishedAt, Verdict verdict) {}

  public record Decision(boolean ready, int streak, Duration soaked, String reason) {}

  private CutoverCheck() {}

  public static Decision decide(List<Run> history, int cleanRuns, Duration soak) {
    return decide("parity", "bin/seam parity --config FILE", history, cleanRuns, soak);
  }

  /** The same rule over another kind of run ({@code shadow}), named in the reason. */
  public static Decision decide(String kind, String command, List<Run> history, int cleanRuns, Duration soak) {
    String what = kind.equals("parity") ? "" : kind + " ";
    List<Run> runs = new ArrayList<>(history);
    runs.sort(Comparator.comparing(Run::finishedAt).reversed());
    List<Run> streak = new ArrayList<>();
    for (Run r : runs) {
      if (r.verdict() != Verdict.CLEAN) {
        break;
      }
      streak.add(r);
    }
    if (streak.isEmpty()) {
      String last = runs.isEmpty() ? "no " + kind + " run yet (" + command + ")"
          : "the last " + what + "run " + runs.get(0).runId() + " was " + runs.get(0).verdict();
      return new Decision(false, 0, Duration.ZERO, "not ready: " + last);
    }
    Duration soaked = Duration.between(streak.get(streak.size() - 1).finishedAt(), streak.get(0).finishedAt());
    if (streak.size() < cleanRuns) {
      return new Decision(false, streak.size(), soaked, "not ready: " + streak.size() + " consecutive clean " + what + "run(s), "
          + cleanRuns + " required (parity.cutover_clean_runs)");
    }
    if (soaked.compareTo(soak) < 0) {
      return new Decision(false, streak.size(), soaked, "not ready: " + streak.size() + " consecutive clean " + what + "runs over "
          + human(soaked) + ", the soak period is " + human(soak) + " (parity.cutover_soak_minutes)");
    }
    return new Decision(true, streak.size(), soaked, "cutover-ready: " + streak.size() + " consecutive clean " + what + "runs over "
        + human(soaked) + " (required " + cleanRuns + " over " + human(soak) + ")");
  }

  static String human(Duration d) {
    long m = d.toMinutes();
    return m >= 120 ? (m / 60) + " h " + (m % 60) + " min" : m + " min";
  }
}
