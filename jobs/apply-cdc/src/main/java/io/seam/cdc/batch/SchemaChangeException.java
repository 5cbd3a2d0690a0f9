package io.seam.cdc.batch;

/** A source schema change Seam will not apply silently; the stream stops with what to do. */
public final class SchemaChangeException extends RuntimeException {
  public SchemaChangeException(String message) {
    super(message);
  }

  /** One message for a dropped or renamed column, whether the events or the catalog showed it first. */
  static SchemaChangeException dropped(String table, java.util.List<String> columns) {
    return new SchemaChangeException("table " + table + ": column(s) " + columns + " are no longer at the source"
        + " (dropped or renamed). Seam stopped the stream rather than write NULLs. Way forward: see"
        + " docs/stream.md#schema-changes (re-backfill the table with bin/seam backfill --restart, or restore the column)");
  }
}
