package io.seam.parity.freeze;

import io.seam.core.DaemonThreads;
import io.seam.core.Lsn;
import io.seam.core.config.TargetConfig;
import io.seam.core.live.FreezeHold;
import io.seam.parity.ParityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parity run's {@link FreezeHold} for as long as the run lasts: written before the freeze (so no compaction
 * round that could see a change after F misses it), told F once it is taken, renewed on a thread of its own so
 * a long comparison keeps it, removed on close.
 */
public final class CompactorHold implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");

  private final TargetConfig target;
  private final String runId;
  private final Configuration hadoop;
  private final ScheduledExecutorService renewal;
  private volatile Optional<Lsn> freeze = Optional.empty();
  private Instant lastWritten;
  private Duration longestGap = Duration.ZERO;

  private CompactorHold(TargetConfig target, String runId, Configuration hadoop) {
    this.target = target;
    this.runId = runId;
    this.hadoop = hadoop;
    this.renewal = DaemonThreads.scheduler("seam-parity-hold");
  }

  public static CompactorHold take(TargetConfig target, String runId, Configuration hadoop) {
    CompactorHold hold = new CompactorHold(target, runId, hadoop);
    hold.write();
    long every = FreezeHold.RENEW_EVERY.toMillis();
    hold.renewal.scheduleWithFixedDelay(hold::renew, every, every, TimeUnit.MILLISECONDS);
    return hold;
  }

  /** The freeze is taken: the compactor may fold what committed at or before it. */
  public void freezeAt(Lsn f) {
    freeze = Optional.of(f);
    write();
  }

  private synchronized void write() {
    Instant now = Instant.now();
    new FreezeHold(runId, freeze, now).write(target, hadoop);
    gapUntil(now);
    lastWritten = now;
  }

  private void gapUntil(Instant now) {
    if (lastWritten != null && Duration.between(lastWritten, now).compareTo(longestGap) > 0) {
      longestGap = Duration.between(lastWritten, now);
    }
  }

  /**
   * Stops the run if the compactor may have stopped honouring the hold at some point (renewals failed or the
   * process stalled for about {@link FreezeHold#EXPIRY}): the base tables may then hold changes after F, and
   * a verdict on them could be wrong either way.
   */
  public synchronized void requireKeptThroughout() {
    gapUntil(Instant.now());
    if (!FreezeHold.keptThroughout(longestGap)) {
      throw new ParityException("parity's hold on the compactor (" + FreezeHold.DIR + "/" + runId + ".json) went "
          + longestGap.toSeconds() + " s without renewal, long enough for the compactor to treat it as expired"
          + " and fold changes committed after the freeze into the base tables, so this run cannot say the target"
          + " matches the source as of the freeze. Look for failed renewals (\"cannot renew parity's hold\") or a"
          + " stalled driver, and re-run parity");
    }
  }

  private void renew() {
    try {
      write();
    } catch (RuntimeException e) {
      // The next renewal retries; a hold left to expire makes the comparison stop, it never makes it wrong.
      LOG.warn("cannot renew parity's hold on the compactor: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    renewal.shutdownNow();
    try {
      renewal.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    FreezeHold.remove(target, runId, hadoop);
  }
}
