package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import io.seam.core.config.StreamConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamStopsTest {
  private static final StreamConfig STREAM = StreamConfig.defaults().withKafka("10.0.0.5:9093", "shop");

  @Test
  void aFullDiskSaysNothingIsLostAndWhatToDo() {
    // The IOException sits below Spark's and Hadoop's wrappers, which carry messages of their own.
    var e = new IllegalStateException("Query failed", new RuntimeException("Job aborted",
        new java.io.UncheckedIOException("write failed", new IOException("No space left on device"))));
    assertThat(StreamStops.explain(e, "/lake", STREAM)).isEqualTo("the target /lake ran out of space (No space left on"
        + " device). Nothing is lost: the batch that failed is redone from the checkpoint. Free space there (or grow"
        + " the volume), then start the stream again");
  }

  @Test
  void recordsDeletedBeforeTheyWereAppliedSayReSeam() {
    var e = new IllegalStateException("x", new IllegalStateException("Partition t-0's offset was changed from 10 to 50,"
        + " Some data may have been lost because they are not available in Kafka any more"));
    assertThat(StreamStops.explain(e, "/lake", STREAM)).startsWith("change topic offsets are gone (Kafka retention deleted"
        + " records that were never applied)").contains("Re-seam: bin/seam backfill --restart");
  }

  @Test
  void aFetchBelowTheTopicsLogStartSaysReSeam() {
    // What Spark 4.2's Kafka source surfaced when retention had deleted records the job had not read.
    var e = new IllegalStateException("x", new org.apache.kafka.clients.consumer.OffsetOutOfRangeException(
        "Fetch position FetchPosition{offset=15428} is out of range for partition t.changes-0", java.util.Map.of()));
    assertThat(StreamStops.explain(e, "/lake", STREAM)).startsWith("change topic offsets are gone");
  }

  @Test
  void aBrokerCertificateNobodyTrustsNamesTheSettingsToCheck() {
    var e = new IllegalStateException("x", new org.apache.kafka.common.errors.SslAuthenticationException(
        "SSL handshake failed", new javax.net.ssl.SSLHandshakeException("PKIX path building failed")));
    assertThat(StreamStops.explain(e, "/lake", STREAM)).isEqualTo("the TLS handshake with Kafka at 10.0.0.5:9093"
        + " failed (PKIX path building failed): check stream.kafka_properties (security.protocol, and"
        + " ssl.truststore.location must hold the CA that signed the broker's certificate)");
  }

  @Test
  void otherStopsKeepTheirOwnMessage() {
    var e = new IllegalStateException("wrapper", new IllegalArgumentException("column qty changed type at the source"));
    assertThat(StreamStops.explain(e, "/lake", STREAM)).isEqualTo("column qty changed type at the source");
  }
}
