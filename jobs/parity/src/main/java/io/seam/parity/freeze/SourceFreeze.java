package io.seam.parity.freeze;

import io.seam.core.Lsn;
import io.seam.core.ParityCut;
import io.seam.core.config.MigrationConfig;
import io.seam.core.pg.PgConnections;
import io.seam.core.snapshot.SlotCreationWatch;
import io.seam.core.snapshot.SnapshotSlot;
import io.seam.core.stream.StreamPosition;
import java.time.Duration;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's frozen source position F, what parity and shadow reads both stand on (docs/parity.md sections 1 to 3):
 * the compactor held first, then a temporary slot whose exported snapshot is the source exactly as of F, then
 * the wait until the stream has applied F, after which the target exactly as of F is the base tables overlaid
 * with the change log's changes below {@link #cut}. Closing releases the snapshot, the slot and the hold.
 */
public final class SourceFreeze implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");

  private final MigrationConfig config;
  private final PgConnections connections;
  private final CompactorHold hold;
  private final SnapshotSlot slot;

  private SourceFreeze(MigrationConfig config, PgConnections connections, CompactorHold hold, SnapshotSlot slot) {
    this.config = config;
    this.connections = connections;
    this.hold = hold;
    this.slot = slot;
  }

  /** Holds the compactor, then freezes; {@code slotPrefix} plus the run id names the temporary slot. */
  public static SourceFreeze take(MigrationConfig config, PgConnections connections, String runId, String slotPrefix,
      Configuration hadoop) {
    CompactorHold hold = CompactorHold.take(config.target(), runId, hadoop);
    try {
      SnapshotSlot slot = SnapshotSlot.createTemporary(connections,
          slotPrefix + runId.toLowerCase().replaceAll("[^a-z0-9]", "_"),
          new SlotCreationWatch.Limit(Optional.of(Duration.ofSeconds(config.parity().freezeTimeoutSeconds())),
              "parity.freeze_timeout_seconds"), m -> LOG.info("freeze: {}", m));
      hold.freezeAt(slot.consistentPoint());
      LOG.info("froze the source at {} (temporary slot {}, snapshot {})", slot.consistentPoint(), slot.slot(),
          slot.snapshotName());
      return new SourceFreeze(config, connections, hold, slot);
    } catch (RuntimeException e) {
      hold.close();
      throw e;
    }
  }

  /** F. */
  public Lsn position() {
    return slot.consistentPoint();
  }

  /** The exported snapshot: the source exactly as of F, for reads on connections that import it. */
  public String snapshotName() {
    return slot.snapshotName();
  }

  /** Waits until the stream has applied F (a heartbeat unsticks a quiet source); the position it reached. */
  public Lsn awaitStream(StreamPosition position, String seamSlot) {
    return new StreamWait(position::applied, connections, seamSlot,
        Duration.ofSeconds(config.parity().waitTimeoutSeconds()),
        Duration.ofSeconds(config.parity().nudgeAfterSeconds())).await(position());
  }

  /** The change versions at or after which a change committed after F, once the stream has applied F. */
  public ParityCut cut(StreamPosition position) {
    return ParityCut.of(position(), position.lastCommitAtOrBefore(position()));
  }

  /** Stops the run if the hold may have lapsed ({@link CompactorHold#requireKeptThroughout}). */
  public void requireHeldThroughout() {
    hold.requireKeptThroughout();
  }

  @Override
  public void close() {
    try {
      slot.close();
    } finally {
      hold.close();
    }
  }
}
