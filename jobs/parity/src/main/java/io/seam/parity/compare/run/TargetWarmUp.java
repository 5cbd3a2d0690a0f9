package io.seam.parity.compare.run;

import io.seam.parity.compare.fingerprint.RowFingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the target while parity waits for the stream to apply the freeze, time the parity process
 * otherwise spends idle: each table's latest Delta version goes through {@link TargetSide#warmUp}, so the
 * comparison's first query does not pay for Delta's snapshot and file statistics, Spark's code generation
 * and a cold JIT (about half of a clean pass on a 2-core machine). Closing it cancels what still runs; a
 * failure is only logged, the comparison then starts cold.
 */
public final class TargetWarmUp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  private static final String JOB_GROUP = "seam-parity-warm-up";
  /** Enough rows for the JIT to compile the row hash's hot path, few enough to take seconds. */
  static final int SAMPLE_ROWS = 200_000;

  /** One table to warm: its name for the log, its Delta path and the comparison's fingerprint. */
  public record Table(String name, String path, RowFingerprint fp) {}

  private final SparkSession spark;
  private final Thread thread;
  private final List<String> warmed = new CopyOnWriteArrayList<>();
  private volatile boolean closing;

  private TargetWarmUp(SparkSession spark, List<Table> tables) {
    this.spark = spark;
    this.thread = new Thread(() -> warm(tables), "seam-parity-warm-up");
    thread.setDaemon(true);
  }

  public static TargetWarmUp start(SparkSession spark, List<Table> tables) {
    TargetWarmUp w = new TargetWarmUp(spark, tables);
    w.thread.start();
    return w;
  }

  private void warm(List<Table> tables) {
    // Not interrupting tasks on cancel: a cancelled warm-up only has to stop, not stop at once.
    spark.sparkContext().setJobGroup(JOB_GROUP, "parity: warming the target while waiting for the stream", false);
    for (Table t : tables) {
      if (closing) {
        return;
      }
      Instant start = Instant.now();
      try {
        long version = TargetSide.latestVersion(spark, t.path());
        new TargetSide(spark, t.path(), version, t.fp()).warmUp(SAMPLE_ROWS);
        warmed.add(t.name());
        LOG.info("{}: warmed the target's version {} while waiting for the stream [{} s]", t.name(), version,
            String.format("%.1f", Duration.between(start, Instant.now()).toMillis() / 1000.0));
      } catch (Exception e) {  // Spark's AnalysisException is a checked exception in Java's eyes
        if (!closing) {
          LOG.info("{}: warming the target failed, its comparison starts cold: {}", t.name(), e.getMessage());
        }
      }
    }
  }

  /** The tables warmed so far, by name. */
  public List<String> warmed() {
    return List.copyOf(warmed);
  }

  /** Whether its thread still runs. */
  public boolean running() {
    return thread.isAlive();
  }

  private boolean runsAJob() {
    var tracker = spark.sparkContext().statusTracker();
    for (int id : tracker.getJobIdsForGroup(JOB_GROUP)) {
      var info = tracker.getJobInfo(id);
      if (info.isDefined() && info.get().status() == org.apache.spark.JobExecutionStatus.RUNNING) {
        return true;
      }
    }
    return false;
  }

  /** Stops the warm-up: its Spark jobs are cancelled (again, should it start one more) until its thread ends. */
  @Override
  public void close() {
    closing = true;
    try {
      while (thread.isAlive()) {
        if (runsAJob()) {  // Spark warns about cancelling a group with no job running
          spark.sparkContext().cancelJobGroup(JOB_GROUP);
        }
        thread.join(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
