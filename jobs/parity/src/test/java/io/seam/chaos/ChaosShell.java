package io.seam.chaos;

import io.seam.testkit.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator's own commands on the local stack: bin/seam's shell functions (stream start and stop, the load,
 * psql, pg_ctl), run as a script that sources bin/lib. The fault matrix acts through these, as an operator would;
 * what it waits for and decides, it decides in Java.
 */
final class ChaosShell {
  private static final String LIBS = String.join("; ", List.of("set -euo pipefail", ". \"$SEAM_HOME/bin/lib/common.sh\"",
      ". \"$SEAM_HOME/bin/lib/postgres.sh\"", ". \"$SEAM_HOME/bin/lib/jobs.sh\"", ". \"$SEAM_HOME/bin/lib/kafka.sh\"",
      ". \"$SEAM_HOME/bin/lib/debezium.sh\"", ". \"$SEAM_HOME/bin/lib/stream.sh\""));

  /** What a script printed and how it ended. */
  record Result(int exit, String out, String err) {
    boolean ok() {
      return exit == 0;
    }

    /** The first line of standard error that holds {@code marker}, from the marker on: a refusal's own words. */
    java.util.Optional<String> errLineFrom(String marker) {
      return err.lines().filter(l -> l.contains(marker)).findFirst().map(l -> l.substring(l.indexOf(marker)));
    }
  }

  private final Path logDir;

  ChaosShell(Path logDir) {
    this.logDir = logDir;
  }

  /** Runs {@code script} and fails, with its standard error's tail, unless it exits 0. */
  String run(String what, String script, Duration timeout) {
    Result r = attempt(what, script, timeout);
    if (!r.ok()) {
      throw new IllegalStateException(what + " failed (exit " + r.exit() + "): " + tail(r.err()));
    }
    return r.out();
  }

  /** Runs {@code script}; its standard error is also kept in {@code <logDir>/<what>.log}. */
  Result attempt(String what, String script, Duration timeout) {
    try {
      Path err = logDir.resolve(what.replaceAll("[^A-Za-z0-9.-]+", "-") + ".log");
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", LIBS + "; " + script).redirectError(err.toFile());
      pb.environment().put("SEAM_HOME", LocalStack.home().toString());
      pb.environment().put("SEAM_SKIP_BUILD", "1");  // the build that runs the tests has packaged the jobs
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException(what + " did not finish in " + timeout.toSeconds() + " s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    }
  }

  /** A value as a shell word. */
  static String quote(Object value) {
    return "'" + String.valueOf(value).replace("'", "'\\''") + "'";
  }

  static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }
}
