package io.seam.parity.compare.run;

import io.seam.parity.compare.Bucket;
import io.seam.parity.compare.BucketStats;
import io.seam.parity.compare.Granularity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Every table's source figures as of the freeze, computed from the moment the freeze exists, one table after
 * another in the background. They read only the frozen snapshot, not the target, so PostgreSQL's share of
 * the comparison runs while parity waits for the stream to apply the freeze, instead of after it.
 */
public final class SourceFiguresAhead implements AutoCloseable {

  /** One table's whole-table figures and how long PostgreSQL took for them. */
  public record Timed(Map<Bucket, BucketStats> figures, Duration took) {}

  private final List<FutureTask<Timed>> tables;
  private final Thread thread;

  private SourceFiguresAhead(List<SourceSide> sides) {
    this.tables = sides.stream().map(side -> new FutureTask<>(() -> {
      Instant start = Instant.now();
      return new Timed(side.figures(Granularity.FIRST, List.of()), Duration.between(start, Instant.now()));
    })).toList();
    // One table at a time: each already runs one query per split, as many at once as there are cores.
    this.thread = new Thread(() -> tables.forEach(FutureTask::run), "seam-parity-source-figures");
    thread.setDaemon(true);
  }

  /** Starts computing the figures of {@code sides}, in their order. */
  public static SourceFiguresAhead start(List<SourceSide> sides) {
    SourceFiguresAhead ahead = new SourceFiguresAhead(sides);
    ahead.thread.start();
    return ahead;
  }

  /** The figures of the {@code index}-th table, once computed; a failure is rethrown as it was. */
  public Timed await(int index, String table) {
    try {
      return tables.get(index).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the source figures of " + table, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  /** Stops what is not done (a parity run that ends early, e.g. the stream never arrived). */
  @Override
  public void close() {
    tables.forEach(t -> t.cancel(true));
  }
}
