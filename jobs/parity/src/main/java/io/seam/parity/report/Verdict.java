package io.seam.parity.report;

/** Parity's verdict and its exit code: the cutover gate. Any other exit code means the job crashed. */
public enum Verdict {
  CLEAN(0),
  DIFFERENCES(3),
  COULD_NOT_RUN(2);

  private final int exitCode;

  Verdict(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
