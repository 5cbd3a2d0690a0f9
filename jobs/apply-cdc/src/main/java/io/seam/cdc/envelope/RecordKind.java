package io.seam.cdc.envelope;

/** What a record on the change topic is. */
public enum RecordKind {
  /** A row change: c (insert), u (update), d (delete), r (snapshot read; not expected with no_data). */
  CHANGE,
  /** Transaction metadata: a transaction began. */
  TX_BEGIN,
  /** Transaction metadata: a transaction committed; carries its commit LSN. */
  TX_END,
  /** Debezium heartbeat: proof of life on a quiet source. */
  HEARTBEAT,
  /** A source TRUNCATE of a table: it names no rows, so the apply job stops rather than guess. */
  TRUNCATE,
  /** A logical decoding message (pg_logical_emit_message), e.g. parity's nudge. */
  MESSAGE
}
