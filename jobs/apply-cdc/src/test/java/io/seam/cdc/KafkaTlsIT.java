package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.core.config.MigrationConfigLoader;
import io.seam.testkit.LocalStack;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kafka over TLS through {@code stream.kafka_properties}: Debezium Server produces and the apply job
 * consumes on the local broker's TLS listener, trusting its CA; a trust store without that CA stops the
 * apply job with an error that names the settings to check.
 */
class KafkaTlsIT {

  private static String tls(Path ca) {
    return "  bootstrap_servers: 127.0.0.1:" + LocalStack.kafkaTlsPort() + "\n"
        + "  kafka_properties:\n"
        + "    security.protocol: SSL\n"
        + "    ssl.truststore.type: PEM\n"
        + "    ssl.truststore.location: " + ca + "\n";
  }

  @Test
  void changesTravelOverTlsAndAnUntrustedBrokerIsAClearStop() throws Exception {
    Path dir = Files.createTempDirectory("seam-kafka-tls-it");
    try (StreamFixture f = StreamFixture.create(SharedSpark.session(), "kafkatls", dir, "  - name: t\n",
        List.of("CREATE TABLE t (id int PRIMARY KEY, qty int)", "INSERT INTO t SELECT g, g FROM generate_series(1, 20) g"),
        List.of(), tls(LocalStack.kafkaCa()))) {
      assertThat(f.config.stream().kafkaProperties()).containsEntry("security.protocol", "SSL");
      f.db.sql("UPDATE t SET qty = -qty WHERE id <= 10", "DELETE FROM t WHERE id = 20");
      f.awaitEqual("public.t");

      // The same migration trusting another CA (the local PostgreSQL's): the broker's certificate is refused.
      Path wrong = dir.resolve("wrong-ca.yaml");
      Files.writeString(wrong, Files.readString(f.configFile())
          .replace(LocalStack.kafkaCa().toString(), LocalStack.state().resolve("pg/tls/ca.pem").toString()));
      var untrusting = MigrationConfigLoader.load(wrong);
      assertThatThrownBy(() -> new ApplyCdcRunner(f.spark, untrusting).run(ApplyCdcRunner.Mode.AVAILABLE_NOW))
          .satisfies(e -> assertThat(StreamStops.explain(e, untrusting.target().path(), untrusting.stream()))
              .startsWith("the TLS handshake with Kafka at 127.0.0.1:" + LocalStack.kafkaTlsPort() + " failed (")
              .contains("ssl.truststore.location must hold the CA"));
    }
  }
}
