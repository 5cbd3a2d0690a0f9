package io.seam.cdc.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.config.MigrationConfig;
import io.seam.core.config.MigrationConfigLoader;
import io.seam.core.manifest.SeamManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebeziumPropertiesTest {
  private final MigrationConfig config = MigrationConfigLoader.parse("""
      source: {database: shop, user: seam, password_file: pw}
      tables: [{name: public.orders}, {name: 'sales."Order.Lines"'}]
      target: {path: /lake}
      stream: {topic_prefix: shop}
      """, Path.of("/etc"));
  private final SeamManifest manifest = new SeamManifest(1, SeamManifest.Status.COMPLETE, "x", "shop_slot", "shop_pub",
      "0/16B3748", "snap", "t", "t", "t", List.of());
  private final Map<String, String> p = DebeziumProperties.of(config, manifest, Path.of("/s/offsets.dat"), 58080);

  @Test
  void startsFromTheSeamSlotWithoutSnapshotOrPublicationChanges() {
    assertThat(p).containsEntry("debezium.source.slot.name", "shop_slot")
        .containsEntry("debezium.source.publication.name", "shop_pub")
        .containsEntry("debezium.source.publication.autocreate.mode", "disabled")
        .containsEntry("debezium.source.snapshot.mode", "no_data")
        .containsEntry("debezium.source.plugin.name", "pgoutput");
  }

  @Test
  void aReCreatedSlotFailsDebeziumInsteadOfSkippingChanges() {
    assertThat(p).containsEntry("debezium.source.offset.mismatch.strategy", "trust_offset");
  }

  @Test
  void truncatesReachTheApplyJobInsteadOfBeingSkippedByDebezium() {
    assertThat(p).containsEntry("debezium.source.skipped.operations", "none");
  }

  @Test
  void eachSeamHasItsOwnDebeziumOffsets() {
    assertThat(ChangeTopicReset.offsetsFile(Path.of("/s"), manifest)).isEqualTo(Path.of("/s/offsets-shop_slot-0-16B3748.dat"));
  }

  @Test
  void exactOrderedSchemalessEvents() {
    assertThat(p).containsEntry("debezium.source.decimal.handling.mode", "string")
        .containsEntry("debezium.source.provide.transaction.metadata", "true")
        .containsEntry("debezium.format.value.schemas.enable", "false")
        .containsEntry("debezium.transforms.route.replacement", "shop.changes")
        .containsEntry("debezium.source.heartbeat.interval.ms", "10000")
        .containsEntry("quarkus.http.host", "127.0.0.1");
  }

  @Test
  void passwordIsAnEnvironmentReferenceOnly() {
    assertThat(p).containsEntry("debezium.source.database.password", "${SEAM_DEBEZIUM_PASSWORD}");
    assertThat(DebeziumProperties.render(p)).doesNotContain("password=" + "secret");
  }

  @Test
  void tlsSettingsReachTheConnectorAndTheProducer() {
    MigrationConfig tls = MigrationConfigLoader.parse("""
        source: {database: shop, user: seam, ssl_mode: verify-full, ssl_root_cert: tls/ca.pem}
        tables: [{name: orders}]
        target: {path: /lake}
        stream: {kafka_properties: {security.protocol: SSL, ssl.truststore.type: PEM, ssl.truststore.location: /etc/ca.pem}}
        """, Path.of("/etc"));
    assertThat(DebeziumProperties.of(tls, manifest, Path.of("/s/offsets.dat"), 58080))
        .containsEntry("debezium.sink.kafka.producer.security.protocol", "SSL")
        .containsEntry("debezium.sink.kafka.producer.ssl.truststore.location", "/etc/ca.pem")
        .containsEntry("debezium.sink.kafka.producer.acks", "all")
        .containsEntry("debezium.source.database.sslmode", "verify-full")
        .containsEntry("debezium.source.database.sslrootcert", "/etc/tls/ca.pem");
  }

  @Test
  void includeListEscapesRegexCharacters() {
    assertThat(p.get("debezium.source.table.include.list")).isEqualTo("public\\.orders,sales\\.Order\\.Lines");
  }
}
