package io.seam.cdc.status;

import io.seam.core.DaemonThreads;
import io.seam.core.config.TargetConfig;
import io.seam.core.stream.ApplierBeacon;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running apply job's side of {@link ApplierBeacon}: records where it runs when it starts, that it is alive
 * every {@link ApplierBeacon#INTERVAL}, and why it stopped when it stops, including on a signal (SIGTERM from
 * {@code stream stop}, a cluster manager killing the driver), before Spark's shutdown stops the query. A
 * {@code kill -9} records nothing: readers see the record go stale.
 */
public final class ApplierHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.cdc");
  /** Before Spark's own hooks (FileSystem's priority + 30), which stop the query and fail the job's main thread. */
  private static final int BEFORE_SPARK_STOPS = FileSystem.SHUTDOWN_HOOK_PRIORITY + 40;

  private final TargetConfig target;
  private final Configuration hadoop;
  private final Clock clock;
  private final AtomicReference<ApplierBeacon> beacon;
  private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("seam-applier-heartbeat");
  private final Runnable onShutdown = () -> stop("the driver's JVM shut down (a signal, or the cluster stopped it)");

  private ApplierHeartbeat(TargetConfig target, Configuration hadoop, Clock clock, ApplierBeacon first) {
    this.target = target;
    this.hadoop = hadoop;
    this.clock = clock;
    this.beacon = new AtomicReference<>(first);
  }

  /** Records the start (a failure to write it stops the job: a status nobody can trust is worse than none). */
  public static ApplierHeartbeat start(SparkSession spark, TargetConfig target, String mode) {
    Clock clock = Clock.systemUTC();
    var now = clock.instant();
    var sc = spark.sparkContext();
    ApplierBeacon first = new ApplierBeacon(hostName(), ProcessHandle.current().pid(), sc.master(),
        sc.applicationId(), mode, now, now, null, null);
    ApplierHeartbeat heartbeat = new ApplierHeartbeat(target, sc.hadoopConfiguration(), clock, first);
    first.write(target, heartbeat.hadoop);
    long every = ApplierBeacon.INTERVAL.toMillis();
    heartbeat.scheduler.scheduleWithFixedDelay(heartbeat::beat, every, every, TimeUnit.MILLISECONDS);
    ShutdownHookManager.get().addShutdownHook(heartbeat.onShutdown, BEFORE_SPARK_STOPS);
    return heartbeat;
  }

  private void beat() {
    ApplierBeacon current = beacon.get();
    if (current.stoppedAt() != null) {
      return;
    }
    try {
      ApplierBeacon next = current.seen(clock.instant());
      if (beacon.compareAndSet(current, next)) {
        next.write(target, hadoop);
      }
    } catch (RuntimeException e) {
      // A missed beat is retried at the next; a reader sees the job lost only after several in a row.
      LOG.warn("apply-cdc: could not record that it is alive: {}", e.getMessage());
    }
  }

  /** Records the stop once, with its reason (the first stop wins: the job's own, then a signal's). */
  public void stop(String reason) {
    ApplierBeacon current = beacon.get();
    if (current.stoppedAt() != null) {
      return;
    }
    ApplierBeacon stopped = current.stopped(clock.instant(), reason);
    if (!beacon.compareAndSet(current, stopped)) {
      stop(reason);
      return;
    }
    scheduler.shutdownNow();
    try {
      stopped.write(target, hadoop);
    } catch (RuntimeException e) {
      LOG.warn("apply-cdc: could not record its stop: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    stop("stopped");
    try {
      ShutdownHookManager.get().removeShutdownHook(onShutdown);
    } catch (IllegalStateException e) {
      // already shutting down: the hook has run or is running, and the stop is recorded once either way
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown host";
    }
  }
}
