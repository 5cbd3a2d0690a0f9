package io.seam.core.manifest;

import io.seam.core.Lsn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The seam of a migration, written by the backfill next to the target and read by the other jobs:
 * which slot and publication, at which LSN the snapshot was taken, and what each table holds.
 * {@code status} is COMPLETE only after every table is written; anything else is a run to redo. {@code ended}
 * is set by {@code bin/seam finish}: the migration is over, its slot and publication are gone.
 */
public record SeamManifest(int formatVersion, Status status, String source, String slot, String publication,
    String seamLsn, String snapshotName, String snapshotTime, String startedAt, String finishedAt,
    List<TableEntry> tables, MigrationEnd ended) {

  public static final int FORMAT_VERSION = 1;

  /** Lifecycle of a backfill run. */
  public enum Status { IN_PROGRESS, COMPLETE, FAILED }

  /** One table's result. */
  public record TableEntry(String table, String targetPath, List<String> primaryKey, String replicaIdentity,
      int splits, String splitKind, long rowsRead, long rowsWritten, long deltaVersion, boolean complete) {}

  /**
   * How the migration ended.
   *
   * @param at when {@code bin/seam finish} ended it
   * @param finalParityRun the clean parity run it ended on
   * @param forced whether it was finished although {@code cutover-check} said not ready
   * @param retainedWalBytes the WAL the slot still held when it was dropped
   * @param topic the change topic, which is kept (Seam deletes nothing of Kafka's)
   */
  public record MigrationEnd(String at, String finalParityRun, boolean forced, long retainedWalBytes, String topic) {}

  public SeamManifest(int formatVersion, Status status, String source, String slot, String publication,
      String seamLsn, String snapshotName, String snapshotTime, String startedAt, String finishedAt,
      List<TableEntry> tables) {
    this(formatVersion, status, source, slot, publication, seamLsn, snapshotName, snapshotTime, startedAt,
        finishedAt, tables, null);
  }

  public SeamManifest {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  public Lsn seam() {
    return Lsn.parse(seamLsn);
  }

  public Optional<TableEntry> table(String display) {
    return tables.stream().filter(t -> t.table().equals(display)).findFirst();
  }

  public SeamManifest withTable(TableEntry entry) {
    List<TableEntry> next = new ArrayList<>();
    for (TableEntry t : tables) {
      if (!t.table().equals(entry.table())) {
        next.add(t);
      }
    }
    next.add(entry);
    return new SeamManifest(formatVersion, status, source, slot, publication, seamLsn, snapshotName, snapshotTime,
        startedAt, finishedAt, next, ended);
  }

  public SeamManifest finished(Status newStatus, String at) {
    return new SeamManifest(formatVersion, newStatus, source, slot, publication, seamLsn, snapshotName, snapshotTime,
        startedAt, at, tables, ended);
  }

  public SeamManifest endedBy(MigrationEnd end) {
    return new SeamManifest(formatVersion, status, source, slot, publication, seamLsn, snapshotName, snapshotTime,
        startedAt, finishedAt, tables, end);
  }
}
