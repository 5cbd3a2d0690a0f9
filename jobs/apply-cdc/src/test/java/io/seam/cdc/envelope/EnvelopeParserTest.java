package io.seam.cdc.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.seam.core.ChangeVersion;
import io.seam.core.Lsn;
import org.junit.jupiter.api.Test;

/** Fixtures are records Debezium Server 3.6.3 emitted for Seam's generated configuration. */
class EnvelopeParserTest {
  // A transaction that began first but committed second: its change LSN (235182496) is below the
  // previous commit (235182984), which is why the change LSN cannot order changes.
  static final String LONG_TX_UPDATE = """
      {"before":null,"after":{"id":1,"amount":"111.00","ts":"2024-03-30T23:30:00.000000Z","lts":1710037800000000,\
      "d":19782,"tags":[1,2]},"source":{"version":"3.6.3.Final","connector":"postgresql","name":"explore",\
      "ts_ms":1795327570578,"snapshot":"false","db":"seam_demo","sequence":"[\\"235182984\\",\\"235182496\\"]",\
      "ts_us":1795327570578401,"schema":"public","table":"ex","txId":2572,"lsn":235182496,"xmin":null},\
      "transaction":{"id":"2572:235182496","total_order":1,"data_collection_order":1},"op":"u","ts_ms":1795327570650}""";
  static final String SHORT_TX_UPDATE = LONG_TX_UPDATE.replace("[\\\"235182984\\\",\\\"235182496\\\"]",
      "[\\\"235181808\\\",\\\"235182900\\\"]").replace("\"txId\":2572", "\"txId\":2573");
  static final String DELETE = """
      {"before":{"id":2,"amount":null},"after":null,"source":{"schema":"public","table":"ex","txId":2575,\
      "lsn":235183520,"sequence":"[\\"235183520\\",\\"235183520\\"]","ts_us":1795327570642964},\
      "transaction":{"id":"2575:235183520","total_order":1,"data_collection_order":1},"op":"d"}""";
  static final String TX_END = """
      {"status":"END","id":"2572:235183144","event_count":2,"data_collections":[{"data_collection":"public.ex",\
      "event_count":2}],"ts_ms":1795327570642}""";

  @Test
  void changeCarriesTableOpImagesAndCommitOrderVersion() {
    ChangeEnvelope e = EnvelopeParser.parse(LONG_TX_UPDATE);
    assertThat(e.kind()).isEqualTo(RecordKind.CHANGE);
    assertThat(e.table()).isEqualTo("public.ex");
    assertThat(e.op()).isEqualTo("u");
    assertThat(e.version()).isEqualTo(new ChangeVersion(new Lsn(235182984L), 1).toDecimal());
    // Each field's JSON text, in the record's order: strings unquoted, numbers as written, arrays as JSON.
    assertThat(e.after()).containsExactly(entry("id", "1"), entry("amount", "111.00"),
        entry("ts", "2024-03-30T23:30:00.000000Z"), entry("lts", "1710037800000000"), entry("d", "19782"),
        entry("tags", "[1,2]"));
    assertThat(e.sourceTsMicros()).isEqualTo(1795327570578401L);
    assertThat(e.txId()).isEqualTo(2572L);
  }

  @Test
  void theLaterCommittingTransactionWinsThoughItsChangeLsnIsLower() {
    ChangeEnvelope earlierCommit = EnvelopeParser.parse(SHORT_TX_UPDATE);
    ChangeEnvelope laterCommit = EnvelopeParser.parse(LONG_TX_UPDATE);
    assertThat(laterCommit.version()).isGreaterThan(earlierCommit.version());
  }

  @Test
  void deletesCarryTheKeyInTheBeforeImage() {
    ChangeEnvelope e = EnvelopeParser.parse(DELETE);
    assertThat(e.op()).isEqualTo("d");
    assertThat(e.before()).containsExactly(entry("id", "2"), entry("amount", null));
    assertThat(e.after()).isNull();
  }

  @Test
  void transactionEndCarriesTheCommitLsn() {
    ChangeEnvelope e = EnvelopeParser.parse(TX_END);
    assertThat(e.kind()).isEqualTo(RecordKind.TX_END);
    assertThat(e.commitLsn()).isEqualTo(235183144L);
    assertThat(e.txId()).isEqualTo(2572L);
    assertThat(EnvelopeParser.parse(TX_END.replace("END", "BEGIN")).kind()).isEqualTo(RecordKind.TX_BEGIN);
  }

  @Test
  void heartbeatsAndFirstTransactionWithoutPreviousCommit() {
    assertThat(EnvelopeParser.parse("{\"ts_ms\":1795327561888}").kind()).isEqualTo(RecordKind.HEARTBEAT);
    ChangeEnvelope first = EnvelopeParser.parse(LONG_TX_UPDATE.replace("[\\\"235182984\\\",", "[null,"));
    assertThat(first.version()).as("still above every backfilled row (version 0)")
        .isEqualTo(new ChangeVersion(new Lsn(0), 1).toDecimal());
  }

  @Test
  void aTruncateIsItsOwnKindNamingTheTable() {
    ChangeEnvelope t = EnvelopeParser.parse(LONG_TX_UPDATE.replace("\"op\":\"u\"", "\"op\":\"t\""));
    assertThat(t.kind()).isEqualTo(RecordKind.TRUNCATE);
    assertThat(t.table()).isEqualTo("public.ex");
  }

  @Test
  void badRecordsSayWhatIsWrong() {
    assertThatThrownBy(() -> EnvelopeParser.parse("{\"op\": \"u\", \"after\": {")).hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> EnvelopeParser.parse("[1,2]")).hasMessage("not a JSON object");
    assertThatThrownBy(() -> EnvelopeParser.parse(null)).hasMessageStartingWith("empty record value");
    assertThatThrownBy(() -> EnvelopeParser.parse("{\"schema\":{},\"payload\":{}}"))
        .hasMessageContaining("debezium.format.value.schemas.enable=false");
    assertThatThrownBy(() -> EnvelopeParser.parse(LONG_TX_UPDATE.replace("\"op\":\"u\"", "\"op\":\"x\"")))
        .hasMessage("operation 'x' is not a Debezium row operation Seam applies");
    assertThatThrownBy(() -> EnvelopeParser.parse(LONG_TX_UPDATE.replace("\"transaction\":{", "\"transactionX\":{")))
        .hasMessageContaining("provide.transaction.metadata=true");
    assertThatThrownBy(() -> EnvelopeParser.parse(LONG_TX_UPDATE.replace("\"after\":{\"id\"", "\"after\":null,\"x\":{\"id\"")))
        .hasMessage("operation 'u' without its after image");
    assertThatThrownBy(() -> EnvelopeParser.parse("{\"hello\":1, \"x\": 2}"))
        .hasMessage("not a Debezium change, transaction or heartbeat record (fields: hello,x)");
  }
}
