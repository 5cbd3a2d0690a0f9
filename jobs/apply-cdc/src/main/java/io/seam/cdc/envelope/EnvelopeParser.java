package io.seam.cdc.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seam.core.ChangeVersion;
import io.seam.core.Lsn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses Debezium's schemaless JSON (PostgreSQL connector, transaction metadata on) into a
 * {@link ChangeEnvelope}, or fails with a message saying what is wrong with the record.
 *
 * <p>The version of a change is {@code source.sequence[0]} (the last commit LSN the connector saw
 * before this transaction, so strictly increasing from one transaction to the next in commit order)
 * times 2^32 plus {@code transaction.total_order} (the change's place in its transaction). The
 * change's own {@code source.lsn} is not used: it is not monotonic in commit order.
 */
public final class EnvelopeParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EnvelopeParser() {}

  public static ChangeEnvelope parse(String value) {
    if (value == null || value.isBlank()) {
      throw new EnvelopeException("empty record value (a tombstone? Seam expects tombstones.on.delete=false)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new EnvelopeException("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new EnvelopeException("not a JSON object");
    }
    if (root.has("schema") && root.has("payload")) {
      throw new EnvelopeException("a JSON envelope with schema: Debezium must run with "
          + "debezium.format.value.schemas.enable=false (bin/seam stream start generates that)");
    }
    if (root.has("status") && root.has("id")) {
      return transaction(root);
    }
    if (root.has("op")) {
      return change(root);
    }
    if (root.size() == 1 && root.has("ts_ms")) {
      return ChangeEnvelope.control(RecordKind.HEARTBEAT, null, null, root.get("ts_ms").asLong() * 1000);
    }
    throw new EnvelopeException("not a Debezium change, transaction or heartbeat record (fields: "
        + fieldNames(root) + ")");
  }

  private static ChangeEnvelope transaction(JsonNode root) {
    String status = root.get("status").asText();
    String id = root.get("id").asText();
    int colon = id.indexOf(':');
    if (colon <= 0) {
      throw new EnvelopeException("transaction id '" + id + "' is not txId:lsn");
    }
    long txId = parseLong(id.substring(0, colon), "transaction id");
    long lsn = parseLong(id.substring(colon + 1), "transaction LSN");
    Long ts = root.hasNonNull("ts_ms") ? root.get("ts_ms").asLong() * 1000 : null;
    return switch (status) {
      case "BEGIN" -> ChangeEnvelope.control(RecordKind.TX_BEGIN, null, txId, ts);
      case "END" -> ChangeEnvelope.control(RecordKind.TX_END, lsn, txId, ts);
      default -> throw new EnvelopeException("unknown transaction status '" + status + "'");
    };
  }

  private static ChangeEnvelope change(JsonNode root) {
    String op = root.get("op").asText();
    JsonNode source = require(root, "source");
    if ("m".equals(op)) {
      return new ChangeEnvelope(RecordKind.MESSAGE, null, op, null, null, micros(source), txId(source),
          null, null);
    }
    String table = text(source, "schema") + "." + text(source, "table");
    if ("t".equals(op)) {
      return new ChangeEnvelope(RecordKind.TRUNCATE, table, op, null, null, micros(source), txId(source),
          null, null);
    }
    if (!op.equals("c") && !op.equals("u") && !op.equals("d") && !op.equals("r")) {
      throw new EnvelopeException("operation '" + op + "' is not a Debezium row operation Seam applies");
    }
    JsonNode tx = root.get("transaction");
    if (tx == null || tx.isNull() || !tx.hasNonNull("total_order")) {
      throw new EnvelopeException("change without transaction metadata: Debezium must run with "
          + "provide.transaction.metadata=true");
    }
    JsonNode order = tx.get("total_order");
    // asLong() would read "x" as 0 and 1e309 as Long.MAX_VALUE: a wrong version, silently.
    if (!order.isIntegralNumber() || !order.canConvertToLong() || order.asLong() < 0 || order.asLong() > 0xFFFFFFFFL) {
      throw new EnvelopeException("transaction.total_order is not a position in a transaction: " + order);
    }
    long position = order.asLong();
    long lastCommit = lastCommitLsn(source);
    JsonNode after = root.get("after");
    JsonNode before = root.get("before");
    boolean delete = op.equals("d");
    if (delete ? before == null || !before.isObject() : after == null || !after.isObject()) {
      throw new EnvelopeException("operation '" + op + "' without its " + (delete ? "before" : "after") + " image");
    }
    return new ChangeEnvelope(RecordKind.CHANGE, table, op,
        new ChangeVersion(new Lsn(lastCommit), position).toDecimal(), null, micros(source), txId(source),
        image(after), image(before));
  }

  /** A row image as field -> JSON text (see {@link ChangeEnvelope}); null when the image is absent. */
  private static Map<String, String> image(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(f -> {
      JsonNode v = f.getValue();
      out.put(f.getKey(), v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
    });
    return out;
  }

  /** {@code source.sequence} is a JSON array in a string: ["lastCommitLsn","lsn"]; the first may be null. */
  private static long lastCommitLsn(JsonNode source) {
    String seq = text(source, "sequence");
    try {
      JsonNode arr = JSON.readTree(seq);
      if (!arr.isArray() || arr.size() != 2) {
        throw new EnvelopeException("source.sequence '" + seq + "' is not [lastCommitLsn, lsn]");
      }
      return arr.get(0).isNull() ? 0 : parseLong(arr.get(0).asText(), "source.sequence[0]");
    } catch (JsonProcessingException e) {
      throw new EnvelopeException("source.sequence '" + seq + "' is not JSON");
    }
  }

  private static Long micros(JsonNode source) {
    if (source.hasNonNull("ts_us")) {
      return source.get("ts_us").asLong();
    }
    return source.hasNonNull("ts_ms") ? source.get("ts_ms").asLong() * 1000 : null;
  }

  private static Long txId(JsonNode source) {
    return source.hasNonNull("txId") ? source.get("txId").asLong() : null;
  }

  private static JsonNode require(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new EnvelopeException("missing field '" + field + "'");
    }
    return v;
  }

  private static String text(JsonNode node, String field) {
    return require(node, field).asText();
  }

  private static long parseLong(String s, String what) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new EnvelopeException(what + " '" + s + "' is not a number");
    }
  }

  private static String fieldNames(JsonNode node) {
    return String.join(",", names(node));
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
