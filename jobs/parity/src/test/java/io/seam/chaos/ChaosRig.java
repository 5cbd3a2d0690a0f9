package io.seam.chaos;

import static io.seam.chaos.ChaosShell.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.MigrationConfigLoader;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.parity.status.MigrationStatus;
import io.seam.parity.status.MigrationStatusReader;
import io.seam.testkit.LocalStack;
import io.seam.testkit.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.conf.Configuration;

/**
 * The fault matrix's migration on the local stack: the demo's orders schema in database {@value #DB} under a
 * pgbench load, its lake and stream work directory, and what an operator does to it (start and stop the stream,
 * re-seam, wait for the stream, run parity), each through bin/seam's own commands. Waits poll a condition up to a
 * deadline; nothing waits by sleeping a fixed time.
 */
final class ChaosRig {
  static final String DB = "seam_chaos";
  static final String SLOT = "seam_chaos_slot";
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final Path config;
  final Path lake;
  final int orders;
  final int rate;
  final ChaosShell shell;
  private final String cfg;
  private Path work;
  private Fault.Injected interruptedBackfill;

  ChaosRig(int orders, int rate) {
    this.dir = LocalStack.state().resolve("chaos");
    this.config = dir.resolve("migration.yaml");
    this.lake = dir.resolve("lake");
    this.orders = orders;
    this.rate = rate;
    this.shell = new ChaosShell(dir);
    this.cfg = quote(config);
  }

  /** The stream's work directory (pid files and logs of Debezium Server and the apply job). */
  Path work() {
    if (work == null) {
      work = Path.of(shell.run("stream-workdir", "stream_workdir " + cfg, Duration.ofSeconds(10)).strip());
    }
    return work;
  }

  MigrationConfig migration() {
    return MigrationConfigLoader.load(config);
  }

  /**
   * A fresh database with the orders schema, the migration config, an empty lake (on its own size-limited
   * filesystem when this runs as root, so disk-full can fill it) and the load running.
   */
  void create(int lakeMegabytes) throws IOException {
    Files.createDirectories(dir);
    shell.run("chaos-create", String.join("\n",
        "[ ! -f " + cfg + " ] || stream_stop \"$(stream_workdir " + cfg + ")\"",
        "pgbench_load_stop " + quote(dir),
        "pg_psql_admin -d postgres -q -c \"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
            + " WHERE slot_name = '" + SLOT + "'\" -c 'DROP DATABASE IF EXISTS " + DB + "'"
            + " -c \"CREATE DATABASE " + DB + " OWNER $SEAM_PG_USER\" >/dev/null",
        "pg_psql_as_user " + DB + " -v orders=" + orders + " -v customers=" + customers()
            + " -f \"$SEAM_HOME/demo/orders-schema.sql\" 2>&1 | { grep -v NOTICE || true; }",
        "{ echo '# Written by the fault matrix (bin/seam chaos).'",
        "  pg_migration_yaml " + DB + " " + quote(lake) + " chaos",
        "  grep -v '^#' \"$SEAM_HOME/demo/tables.yaml\"",
        "  echo 'parity: {wait_timeout_seconds: 300}'; } > " + cfg,
        "! mountpoint -q " + quote(lake) + " || umount " + quote(lake),
        "rm -rf " + quote(lake) + " \"$(stream_workdir " + cfg + ")\"",
        "mkdir -p " + quote(lake),
        "if [ \"$(id -u)\" = 0 ]; then mount -t tmpfs -o size=" + lakeMegabytes + "m seam-chaos-lake " + quote(lake)
            + " || stage 'could not mount a size-limited tmpfs for the lake: disk-full will not run'; fi"),
        Duration.ofMinutes(3));
    work = null;
    loadStart();
  }

  /**
   * The migration started the hard way: its backfill's driver killed ({@code kill -9}) once the seam exists and the
   * tables are being read (the manifest says IN_PROGRESS), a re-run refused as designed, then run with
   * {@code --restart}; then the stream started.
   */
  void start() throws IOException {
    Path log = dir.resolve("backfill-killed.log");
    Process wrapper = backfillProcess(log);
    boolean seamTaken = poll(Duration.ofMinutes(4), () -> manifest().map(m -> m.status() != SeamManifest.Status.FAILED)
        .orElse(false) || !wrapper.isAlive());
    Optional<SeamManifest> seen = manifest();
    Optional<ProcessHandle> driver = jvm("io.seam.backfill.BackfillJob --config " + config);
    boolean killed = seamTaken && seen.map(m -> m.status() == SeamManifest.Status.IN_PROGRESS).orElse(false)
        && driver.isPresent();
    if (killed) {
      kill9(driver.get());
    }
    waitFor(wrapper);
    String what;
    Optional<String> stop = Optional.empty();
    if (killed) {
      ChaosShell.Result refused = backfill();
      stop = refused.ok() ? Optional.of("NONE: a re-run without --restart was not refused")
          : refused.errLineFrom("an earlier backfill").filter(l -> l.contains("Re-run with --restart"));
      what = "backfill driver killed (kill -9) while reading the tables; re-run refused, then run with --restart";
    } else {
      what = "backfill driver not killed: it finished before the seam was seen";
    }
    ChaosShell.Result rerun = backfill("--restart");
    if (!rerun.ok()) {
      throw new IllegalStateException("the re-run backfill failed: " + ChaosShell.tail(rerun.err()));
    }
    requireStarted(streamStart());
    interruptedBackfill = new Fault.Injected(what, stop);
  }

  Fault.Injected interruptedBackfill() {
    return interruptedBackfill;
  }

  private static void waitFor(Process p) {
    try {
      if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private int customers() {
    return Math.max(100, orders / 10);
  }

  boolean lakeHasItsOwnFilesystem() {
    return shell.attempt("lake-mounted", "mountpoint -q " + quote(lake), Duration.ofSeconds(10)).ok();
  }

  void loadStart() {
    shell.run("load-start", "pgbench_load_start " + quote(dir) + " " + DB + " " + rate + " " + orders + " "
        + customers(), Duration.ofSeconds(30));
  }

  void loadStop() {
    shell.run("load-stop", "pgbench_load_stop " + quote(dir), Duration.ofSeconds(30));
  }

  /** {@code bin/seam stream start}: idempotent, so it is also how a process a fault took down comes back. */
  ChaosShell.Result streamStart() {
    return shell.attempt("stream-start", "stream_start " + cfg + " \"$(stream_workdir " + cfg + ")\" 0",
        Duration.ofMinutes(4));
  }

  void streamStop() {
    shell.run("stream-stop", "stream_stop \"$(stream_workdir " + cfg + ")\"", Duration.ofMinutes(2));
  }

  /** {@code bin/seam backfill --config FILE [ARGS]}, run to its end. */
  ChaosShell.Result backfill(String... args) {
    return shell.attempt("backfill" + String.join("", args), "run_job backfill io.seam.backfill.BackfillJob --config "
        + cfg + " " + String.join(" ", args), Duration.ofMinutes(10));
  }

  /** The backfill as its own process, to be killed; its output in {@code log}. */
  Process backfillProcess(Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(LocalStack.home().resolve("bin/seam").toString(), "backfill", "--config",
        config.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SEAM_SKIP_BUILD", "1");
    return pb.start();
  }

  Optional<SeamManifest> manifest() {
    return new ManifestStore(migration().target().seamDir(), new Configuration()).read();
  }

  /** What the designed stops ask for: stop the stream, backfill from a new seam, start again. */
  void reseam() {
    streamStop();
    ChaosShell.Result r = backfill("--restart");
    if (!r.ok()) {
      throw new IllegalStateException("the re-seam backfill failed: " + ChaosShell.tail(r.err()));
    }
    requireStarted(streamStart());
  }

  static void requireStarted(ChaosShell.Result r) {
    if (!r.ok()) {
      throw new IllegalStateException("bin/seam stream start failed: " + ChaosShell.tail(r.err()));
    }
  }

  /** {@code bin/seam catch-up}: whether the stream applied, in time, what the source committed before it began. */
  boolean catchUp() {
    return shell.attempt("catch-up", "run_job parity io.seam.parity.CatchUpJob --config " + cfg, Duration.ofMinutes(8))
        .ok();
  }

  /** {@code bin/seam parity}: its exit code. */
  int parity() {
    return shell.attempt("parity", "run_job parity io.seam.parity.ParityJob --config " + cfg, Duration.ofMinutes(10))
        .exit();
  }

  /** {@code bin/seam status}, read in this JVM: what the jobs recorded. */
  MigrationStatus status() {
    return new MigrationStatusReader(SharedSpark.session(), migration()).read();
  }

  /** {@code bin/seam stream status --json}. */
  JsonNode streamStatus() {
    try {
      return JSON.readTree(shell.attempt("stream-status", "stream_status_json " + cfg, Duration.ofMinutes(1)).out());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The apply job's JVM ({@code bin/seam apply-cdc} runs it as a child of its shell), if it runs. */
  Optional<ProcessHandle> applyJvm() {
    return jvm("io.seam.cdc.ApplyCdcJob --config " + config);
  }

  /**
   * The java process whose command line holds {@code commandLinePart}. Read from /proc: the JDK's
   * {@code ProcessHandle.Info.commandLine()} gives up on a command line longer than a page, and a job's class path
   * is longer than that.
   */
  Optional<ProcessHandle> jvm(String commandLinePart) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)
            && commandLine(p).contains(commandLinePart))
        .findFirst();
  }

  private static String commandLine(ProcessHandle p) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
          java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return "";  // the process ended meanwhile
    }
  }

  /** The process whose pid a bin/seam pid file holds. */
  Optional<ProcessHandle> pidFile(Path file) {
    try {
      return Files.exists(file) ? ProcessHandle.of(Long.parseLong(Files.readString(file).strip())) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code kill -9}, then waits until the process is gone. */
  static void kill9(ProcessHandle p) {
    p.destroyForcibly();
    await("process " + p.pid() + " to exit after kill -9", Duration.ofSeconds(30), () -> !p.isAlive());
  }

  /** A random pause of {@code min} to {@code max} seconds: faults land at random points of the stream. */
  static void randomPause(int min, int max) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(min * 1000L, max * 1000L + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code condition} every 200 ms until it holds; fails naming {@code what} after {@code limit}. */
  static void await(String what, Duration limit, BooleanSupplier condition) {
    if (!poll(limit, condition)) {
      throw new IllegalStateException("timed out after " + limit.toSeconds() + " s waiting for " + what);
    }
  }

  /** Polls {@code condition} every 200 ms until it holds or {@code limit} passes; whether it held. */
  static boolean poll(Duration limit, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return true;
  }

  /** The job's own last word in its log: the line with {@code marker} (its designed stop's message), if any. */
  static Optional<String> lastLineWith(Path log, String marker) {
    try {
      if (!Files.exists(log)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        int at = lines.get(i).indexOf(marker);
        if (at >= 0) {
          return Optional.of(lines.get(i).substring(at));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
