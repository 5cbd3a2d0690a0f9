package io.seam.backfill.progress;

import io.seam.core.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.storage.RDDInfo;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Live progress of the backfill's split reads, per table: rows read by finished splits plus the
 * running splits' counts from executor heartbeats, printed every interval. Tables are told apart by
 * their Spark job group; only stages that scan the source (the COPY data source's DataSourceRDD or
 * Spark's JDBCRDD) count, so Delta's own reads (file scans) do not.
 */
public final class BackfillProgress extends SparkListener implements AutoCloseable {
  private static final String RECORDS_READ = "internal.metrics.input.recordsRead";

  private final Map<Integer, String> stageTable = new ConcurrentHashMap<>();
  private final Map<String, Table> tables = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker = DaemonThreads.scheduler("seam-backfill-progress");
  private final Consumer<String> out;

  private static final class Table {
    final long estimatedRows;
    final int splits;
    final Instant started = Instant.now();
    final AtomicLong finishedRows = new AtomicLong();
    final AtomicInteger finishedSplits = new AtomicInteger();
    final Map<Long, Long> running = new ConcurrentHashMap<>();
    volatile boolean done;

    Table(long estimatedRows, int splits) {
      this.estimatedRows = estimatedRows;
      this.splits = splits;
    }

    long rows() {
      return finishedRows.get() + running.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public BackfillProgress(int intervalSeconds, Consumer<String> out) {
    this.out = out;
    ticker.scheduleAtFixedRate(this::report, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  /** Registers a table before its read starts; its Spark job group must be {@code jobGroup}. */
  public void expect(String jobGroup, long estimatedRows, int splits) {
    tables.put(jobGroup, new Table(estimatedRows, splits));
  }

  public void finish(String jobGroup) {
    Table t = tables.get(jobGroup);
    if (t != null) {
      t.done = true;
    }
  }

  /**
   * Rows the table's finished splits read. Listener events arrive asynchronously, so this waits until
   * every split has reported (or the timeout passes, leaving the count to expose the gap).
   */
  public long awaitRowsRead(String jobGroup, int splits, Duration timeout) {
    Table t = tables.get(jobGroup);
    Instant deadline = Instant.now().plus(timeout);
    while (t.finishedSplits.get() < splits && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return t.finishedRows.get();
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    String group = job.properties() == null ? null : job.properties().getProperty("spark.jobGroup.id");
    if (group == null || !tables.containsKey(group)) {
      return;
    }
    for (StageInfo stage : CollectionConverters.asJava(job.stageInfos())) {
      for (RDDInfo rdd : CollectionConverters.asJava(stage.rddInfos())) {
        if (rdd.name() != null && (rdd.name().contains("JDBCRDD") || rdd.name().contains("DataSourceRDD"))) {
          stageTable.put(stage.stageId(), group);
        }
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    Table t = table(end.stageId());
    if (t == null) {
      return;
    }
    t.running.remove(end.taskInfo().taskId());
    if (end.reason() == Success$.MODULE$ && end.taskMetrics() != null) {
      t.finishedRows.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
      t.finishedSplits.incrementAndGet();
    }
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> u
        : CollectionConverters.asJava(update.accumUpdates())) {
      Table t = table((Integer) u._2());
      if (t == null) {
        continue;
      }
      for (AccumulableInfo acc : CollectionConverters.asJava(u._4())) {
        if (acc.name().isDefined() && RECORDS_READ.equals(acc.name().get()) && acc.update().isDefined()) {
          t.running.put((Long) u._1(), ((Number) acc.update().get()).longValue());
        }
      }
    }
  }

  private Table table(int stageId) {
    String group = stageTable.get(stageId);
    return group == null ? null : tables.get(group);
  }

  private void report() {
    tables.forEach((name, t) -> {
      if (!t.done && t.rows() > 0) {
        out.accept(ProgressLine.format(name, t.rows(), t.estimatedRows, t.finishedSplits.get(), t.splits,
            Duration.between(t.started, Instant.now())));
      }
    });
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
