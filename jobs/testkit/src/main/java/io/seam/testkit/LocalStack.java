package io.seam.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The project's own local stack, as {@code bin/seam stack up} starts it. Tests share it: the first
 * use in a JVM runs the (idempotent) script, so a test run needs no manual set-up either.
 */
public final class LocalStack {
  private static boolean up;

  private LocalStack() {}

  public static Path home() {
    String home = System.getProperty("seam.home", System.getenv().getOrDefault("SEAM_HOME", ""));
    if (home.isEmpty() || !Files.exists(Path.of(home, "bin/seam"))) {
      Path p = Path.of("").toAbsolutePath();
      while (p != null && !Files.exists(p.resolve("bin/seam"))) {
        p = p.getParent();
      }
      if (p == null) {
        throw new IllegalStateException("cannot find the Seam checkout: set -Dseam.home");
      }
      return p;
    }
    return Path.of(home);
  }

  public static Path state() {
    String s = System.getenv("SEAM_STATE_DIR");
    return s != null ? Path.of(s) : home().resolve(".seam");
  }

  public static synchronized void ensureUp() {
    if (up) {
      return;
    }
    try {
      Process p = new ProcessBuilder(home().resolve("bin/seam").toString(), "stack", "up")
          .inheritIO().start();
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("bin/seam stack up failed (exit " + p.exitValue() + ")");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run bin/seam stack up: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    up = true;
  }

  public static int pgPort() {
    return Integer.parseInt(System.getenv().getOrDefault("SEAM_PG_PORT", "55432"));
  }

  /** The local broker's TLS listener and the CA that signed its certificate (bin/lib/kafka.sh). */
  public static int kafkaTlsPort() {
    return Integer.parseInt(System.getenv().getOrDefault("SEAM_KAFKA_TLS_PORT", "59094"));
  }

  public static Path kafkaCa() {
    return state().resolve("kafka/tls/ca.pem");
  }

  public static String pgUser() {
    return System.getenv().getOrDefault("SEAM_PG_USER", "seam");
  }

  public static Path pgPasswordFile() {
    return state().resolve("secrets/pg-password");
  }

  public static String pgPassword() {
    try {
      return Files.readString(pgPasswordFile()).strip();
    } catch (IOException e) {
      throw new IllegalStateException("no local stack password at " + pgPasswordFile(), e);
    }
  }

  /** Runs SQL as the local cluster's superuser (e.g. CHECKPOINT), through {@code bin/seam stack psql}. */
  public static void adminSql(String database, String sql) {
    try {
      Process p = new ProcessBuilder(home().resolve("bin/seam").toString(), "stack", "psql", "-d", database, "-c", sql)
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("admin SQL failed: " + sql + ": " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
