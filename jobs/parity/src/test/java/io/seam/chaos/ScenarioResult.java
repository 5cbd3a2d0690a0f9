package io.seam.chaos;

/**
 * One scenario of the fault matrix, as RELIABILITY.md's table shows it.
 *
 * @param stop the designed stop's own words; null when the scenario has none, "NONE: ..." when an expected one
 *     did not come
 * @param verdict parity's verdict as the status records it, or "NO REPORT"
 */
record ScenarioResult(String scenario, String what, String stop, long recoveredSeconds, int parityExit, String verdict,
    long rowsCompared, long changedAfterFreeze, long differingRows, String runId) {

  /** Clean parity, and the designed stop where one was due. */
  boolean passed() {
    return parityExit == 0 && "CLEAN".equals(verdict) && (stop == null || !stop.startsWith("NONE"));
  }
}
