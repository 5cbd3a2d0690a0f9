package io.seam.cdc.envelope;

import java.math.BigDecimal;

/**
 * The parts of a Debezium record the apply job needs. For a CHANGE: the table, the operation, the
 * version ({@link io.seam.core.ChangeVersion}) and the row images as JSON text with their field names.
 * For a TX_END: the transaction's commit LSN.
 */
public record ChangeEnvelope(RecordKind kind, String table, String op, BigDecimal version, Long commitLsn,
    Long sourceTsMicros, Long txId, String after, String before, String afterFields) {

  static ChangeEnvelope control(RecordKind kind, Long commitLsn, Long txId, Long tsMicros) {
    return new ChangeEnvelope(kind, null, null, null, commitLsn, tsMicros, txId, null, null, null);
  }
}
