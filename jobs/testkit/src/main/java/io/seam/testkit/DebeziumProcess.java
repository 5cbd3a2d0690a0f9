package io.seam.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Debezium Server for one test class, started and stopped through the project's own script
 * ({@code bin/seam debezium start|stop DIR}); the password reaches it only through its environment.
 */
public final class DebeziumProcess implements AutoCloseable {
  private final Path workDir;

  private DebeziumProcess(Path workDir) {
    this.workDir = workDir;
  }

  /** {@code workDir} must hold {@code config/application.properties}. */
  public static DebeziumProcess start(Path workDir) {
    run(workDir, "start");
    return new DebeziumProcess(workDir);
  }

  public void restart() {
    run(workDir, "stop");
    run(workDir, "start");
  }

  @Override
  public void close() {
    run(workDir, "stop");
  }

  private static void run(Path workDir, String action) {
    try {
      ProcessBuilder pb = new ProcessBuilder(LocalStack.home().resolve("bin/seam").toString(), "debezium", action,
          workDir.toString()).inheritIO();
      pb.environment().put("SEAM_DEBEZIUM_PASSWORD", LocalStack.pgPassword());
      Process p = pb.start();
      if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("bin/seam debezium " + action + " " + workDir + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run bin/seam debezium " + action + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
