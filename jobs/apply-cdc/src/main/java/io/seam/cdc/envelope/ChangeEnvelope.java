package io.seam.cdc.envelope;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The parts of a Debezium record the apply job needs. For a CHANGE: the table, the operation, the
 * version ({@link io.seam.core.ChangeVersion}) and the row images. For a TX_END: the transaction's commit LSN.
 *
 * <p>A row image maps each field, in the record's order, to its JSON text: a string's value, a number's or
 * boolean's literal, an array's or object's compact JSON; null for JSON null. It is the text Spark's
 * {@code from_json} gives a string-typed field, parsed once here instead of once more per batch.
 */
public record ChangeEnvelope(RecordKind kind, String table, String op, BigDecimal version, Long commitLsn,
    Long sourceTsMicros, Long txId, Map<String, String> after, Map<String, String> before) {

  static ChangeEnvelope control(RecordKind kind, Long commitLsn, Long txId, Long tsMicros) {
    return new ChangeEnvelope(kind, null, null, null, commitLsn, tsMicros, txId, null, null);
  }
}
