package io.seam.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.parity.status.MigrationStatus;
import io.seam.testkit.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The fault matrix (RELIABILITY.md) against the real local stack under a pgbench load: every scenario injects its
 * fault ({@link Fault}), recovers as an operator would, waits until the stream has applied what the source
 * committed ({@code bin/seam catch-up}) and ends with a parity run at a frozen position, which must be clean; a
 * designed stop must have said its words. One dynamic test per scenario, in the matrix's order, on one migration.
 *
 * <p>{@code bin/seam test} runs the quick subset ({@link Fault#FAST}); {@code bin/seam chaos} chooses with
 * {@code -Dseam.chaos.scenarios=fast|all|NAME,NAME} (and {@code seam.chaos.orders}, {@code seam.chaos.rate}). A run
 * of all of them rewrites RELIABILITY.md's results; every run prints its table and keeps it in
 * {@code .seam/chaos/results.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultMatrixIT {
  private static final int LAKE_MB = 1024;
  private final String selection = System.getProperty("seam.chaos.scenarios", "fast");
  private final int orders = Integer.getInteger("seam.chaos.orders", 20_000);
  private final int rate = Integer.getInteger("seam.chaos.rate", 20);
  private final List<ScenarioResult> results = new ArrayList<>();
  private ChaosRig rig;
  private Instant began;
  private String lastRun;

  private List<Fault> scenarios() {
    return switch (selection) {
      case "fast" -> Fault.FAST;
      case "all" -> List.of(Fault.values());
      default -> Arrays.stream(selection.split(",")).map(String::strip).map(Fault::of).toList();
    };
  }

  @BeforeAll
  void setUp() throws IOException {
    scenarios();  // an unknown name fails before anything starts
    LocalStack.ensureUp();
    began = Instant.now();
    rig = new ChaosRig(orders, rate);
    stage("setup: " + orders + " orders in database " + ChaosRig.DB + ", load ~" + rate + " tx/s; the backfill killed"
        + " half way, then re-run");
    rig.create(LAKE_MB);
    rig.start();
  }

  @TestFactory
  Stream<DynamicTest> matrix() {
    return scenarios().stream().map(f -> DynamicTest.dynamicTest(f.id, () -> {
      ScenarioResult r = run(f);
      results.add(r);
      assertThat(r.passed()).as("%s: parity exit %d (%s), %d differing rows, designed stop %s", f.id, r.parityExit(),
          r.verdict(), r.differingRows(), r.stop()).isTrue();
    }));
  }

  private ScenarioResult run(Fault f) {
    stage(f.id);
    Instant t0 = Instant.now();
    Fault.Injected injected = f.inject(rig);
    String stop = f.designedStop == null ? injected.stop().orElse(null)
        : injected.stop().orElse("NONE: no stop saying '" + f.designedStop + "' came");
    if (stop != null) {
      stage(f.id + " stopped as designed: " + stop);
    }
    rig.loadStart();
    // Recovered: the stream has applied everything the source committed once the fault was handled. A process the
    // fault took down is started again, as an operator would.
    for (int tries = 1; !rig.catchUp() && tries < 3; tries++) {
      rig.streamStart();
    }
    long recovered = Duration.between(t0, Instant.now()).toSeconds();
    int exit = rig.parity();
    MigrationStatus.Run run = rig.status().parity().latest();
    ScenarioResult r = run == null || run.runId().equals(lastRun)
        ? new ScenarioResult(f.id, injected.what(), stop, recovered, exit, "NO REPORT", 0, 0, 0, null)
        : new ScenarioResult(f.id, injected.what(), stop, recovered, exit, run.verdict(), run.compared(),
            run.changedAfterFreeze(), run.differing(), run.runId());
    if (run != null) {
      lastRun = run.runId();
    }
    stage(f.id + " -> parity exit " + exit + " (" + r.verdict() + "), recovered in " + recovered + " s");
    return r;
  }

  @AfterAll
  void tearDown() throws IOException {
    if (rig == null) {
      return;
    }
    try {
      rig.loadStop();
      rig.streamStop();
    } finally {
      rig.shell.attempt("lake-unmount", "! mountpoint -q " + ChaosShell.quote(rig.lake) + " || umount "
          + ChaosShell.quote(rig.lake), Duration.ofSeconds(30));
    }
    String table = ReliabilityTable.markdown(results);
    System.out.println("\n" + table);
    Files.writeString(rig.dir.resolve("results.md"), table);
    if (selection.equals("all") && results.size() == Fault.values().length) {
      Path reliability = LocalStack.home().resolve("RELIABILITY.md");
      String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(System.getProperty("os.arch"));
      long gib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0) / 1048576;
      String heading = "Last full run: " + LocalDate.now() + ", `bin/seam chaos` (" + orders + " orders, load ~" + rate
          + " tx/s), " + Duration.between(began, Instant.now()).toSeconds() + " s in all, on "
          + Runtime.getRuntime().availableProcessors() + " cores of " + cpu + ", " + gib + " GiB.";
      Files.writeString(reliability, ReliabilityTable.rewrite(Files.readString(reliability), heading, results));
      stage("results written to RELIABILITY.md");
    }
  }

  private static void stage(String text) {
    System.out.println("[seam] chaos: " + text);
  }
}
