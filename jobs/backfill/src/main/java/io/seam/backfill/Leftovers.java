package io.seam.backfill;

import io.seam.core.pg.ReplicationObjects;
import io.seam.core.config.MigrationConfig;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.live.ChangeLog;
import io.seam.core.live.FoldMark;
import io.seam.core.live.LiveTables;
import io.seam.core.pg.SourceException;
import io.seam.core.stream.StreamPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an earlier run left behind: a slot, target tables, a manifest. An exported snapshot dies with
 * its connection, so a broken run cannot be resumed in the same snapshot: it is redone from a new
 * seam, and only when the user says so ({@code --restart}). Nothing stale is ever reused silently.
 */
final class Leftovers {
  private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

  private final MigrationConfig config;
  private final ManifestStore manifests;
  private final Configuration hadoop;

  Leftovers(MigrationConfig config, ManifestStore manifests, Configuration hadoop) {
    this.config = config;
    this.manifests = manifests;
    this.hadoop = hadoop;
  }

  /** Fails with what was found and what to do, or (with restart) removes it all. */
  void resolve(ReplicationObjects replication, List<SourceTable> tables, boolean restart) {
    List<String> found = new ArrayList<>();
    manifests.read().ifPresent(m -> found.add(m.status() == SeamManifest.Status.COMPLETE
        ? "a COMPLETE backfill at seam " + m.seamLsn() + " (" + manifests.location() + ")"
        : "an unfinished backfill (" + m.status() + ", started " + m.startedAt() + ")"));
    String slot = config.replication().slot();
    replication.slot(slot).ifPresent(s -> found.add("replication slot " + slot + (s.active() ? " (in use)" : "")));
    for (SourceTable t : tables) {
      String path = config.target().tablePath(t.description().table());
      if (exists(path)) {
        found.add("target table " + path);
      }
    }
    if (found.isEmpty()) {
      return;
    }
    if (!restart) {
      throw new SourceException("an earlier backfill of this migration left " + String.join(", ", found)
          + ". Re-run with --restart to drop them and backfill again from a new seam"
          + " (the stream must be stopped), or point target.path and replication.slot elsewhere");
    }
    LOG.info("restart: removing {}", String.join(", ", found));
    replication.dropSlot(slot, "restarting the backfill");
    for (SourceTable t : tables) {
      delete(config.target().tablePath(t.description().table()));
    }
    // The old seam's stream state: a new target must not resume from the old checkpoint's offsets, nor
    // parity read the old seam's applied positions, nor a view overlay the old seam's logged changes on the
    // new base tables. Dead letters and parity history stay (the record).
    for (String state : List.of(StreamPosition.CHECKPOINT, StreamPosition.PROGRESS, StreamPosition.TRANSACTIONS,
        ChangeLog.NAME, LiveTables.VIEWS, FoldMark.FILE)) {
      delete(config.target().seamPath(state));
    }
    manifests.delete();
  }

  private boolean exists(String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(hadoop).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check target path " + path, e);
    }
  }

  private void delete(String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(hadoop);
      fs.delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete target path " + path, e);
    }
  }
}
