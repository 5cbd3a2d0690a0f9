package io.seam.chaos;

import java.util.List;
import java.util.Locale;

/** The fault matrix's results as RELIABILITY.md's table, and that file's results section rewritten with them. */
final class ReliabilityTable {
  static final String START = "<!-- chaos results: written by bin/seam chaos -->";
  static final String END = "<!-- end of chaos results -->";
  private static final int STOP_WIDTH = 240;

  private ReliabilityTable() {}

  static String markdown(List<ScenarioResult> results) {
    StringBuilder out = new StringBuilder("| scenario | what was done | designed stop | recovered in | rows compared |"
        + " changed after the freeze (compared as of it) | differing rows | parity |\n|---|---|---|---|---|---|---|---|\n");
    for (ScenarioResult r : results) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d s | %,d | %,d | %,d | %s (exit %d) |%n", r.scenario(),
          cell(r.what()), r.stop() == null ? "—" : "`" + stop(r.stop()) + "`", r.recoveredSeconds(), r.rowsCompared(),
          r.changedAfterFreeze(), r.differingRows(), r.verdict(), r.parityExit()));
    }
    return out.toString();
  }

  /**
   * {@code reliability} with the text between the two markers replaced by the run's heading line and table.
   *
   * @param heading e.g. "Last full run: 2026-12-04, ..."
   */
  static String rewrite(String reliability, String heading, List<ScenarioResult> results) {
    int start = reliability.indexOf(START);
    int end = reliability.indexOf(END);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("RELIABILITY.md has no results section between " + START + " and " + END);
    }
    return reliability.substring(0, start) + START + "\n" + heading + "\n\n" + markdown(results)
        + reliability.substring(end);
  }

  private static String stop(String text) {
    String s = cell(text).replace('`', '\'');
    return s.length() > STOP_WIDTH ? s.substring(0, STOP_WIDTH) : s;
  }

  private static String cell(String text) {
    return text.replace("|", "/").replace('\n', ' ');
  }
}
