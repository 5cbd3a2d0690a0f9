package io.seam.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.core.pg.TableRef;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationConfigLoaderTest {
  private static final Path BASE = Path.of("/etc/seam");
  private static final String MINIMAL = """
      source:
        database: shop
        user: migrator
      tables:
        - name: orders
      target:
        path: lake
      """;

  private static MigrationConfig parse(String yaml) {
    return MigrationConfigLoader.parse(yaml, BASE);
  }

  @Test
  void minimalConfigGetsDocumentedDefaults() {
    MigrationConfig c = parse(MINIMAL);
    assertThat(c.source().host()).isEqualTo("127.0.0.1");
    assertThat(c.source().port()).isEqualTo(5432);
    assertThat(c.source().password().envVar()).isEqualTo("SEAM_SOURCE_PASSWORD");
    assertThat(c.source().sslMode()).isEqualTo(SourceConfig.SslMode.PREFER);
    assertThat(c.tables()).singleElement().satisfies(t -> {
      assertThat(t.table()).isEqualTo(new TableRef("public", "orders"));
      assertThat(t.dayTimeZone()).isEqualTo("UTC");
      assertThat(t.primaryKey()).isEmpty();
    });
    assertThat(c.target().path()).as("relative target resolves against the config's folder").isEqualTo("/etc/seam/lake");
    assertThat(c.replication().slot()).isEqualTo("seam_slot");
    assertThat(c.replication().publication()).isEqualTo("seam_pub");
    assertThat(c.backfill().fetchSize()).isEqualTo(10_000);
    assertThat(c.backfill().splits()).isZero();
    assertThat(c.stream().bootstrapServers()).isEqualTo("127.0.0.1:59092");
    assertThat(c.stream().maxOffsetsPerTrigger()).isEqualTo(500_000);
    assertThat(c.stream().broadcastMaxKeys()).isEqualTo(500_000);
    assertThat(c.stream().combinedMergeMaxTargetMb()).isEqualTo(64);
    assertThat(parse(MINIMAL + "stream:\n  combined_merge_max_target_mb: 0\n").stream().combinedMergeMaxTargetMb())
        .as("0: always two MERGEs").isZero();
    assertThat(c.stream().compactionIntervalSeconds()).isEqualTo(60);
    assertThat(c.stream().compactionMinRows()).isEqualTo(200_000);
    assertThat(c.stream().compactionMaxAgeSeconds()).isEqualTo(1800);
    assertThat(c.parity().waitTimeoutSeconds()).isEqualTo(600);
    assertThat(c.parity().freezeTimeoutSeconds()).isEqualTo(300);
  }

  @Test
  void environmentReferencesResolveWithDefaultsAndNameTheUnsetOnes() {
    Map<String, String> env = Map.of("PGHOST", "db1.internal", "PGPORT", "6432", "LAKE", "s3a://bucket");
    String yaml = MINIMAL.replace("  database: shop", "  host: ${PGHOST}\n  port: ${PGPORT}\n  database: ${PGDB:-shop}")
        .replace("path: lake", "path: ${LAKE}/lake");
    MigrationConfig c = MigrationConfigLoader.parse(yaml, BASE, env::get);
    assertThat(c.source().host()).isEqualTo("db1.internal");
    assertThat(c.source().port()).isEqualTo(6432);
    assertThat(c.source().database()).as("unset variable with a default").isEqualTo("shop");
    assertThat(c.target().path()).isEqualTo("s3a://bucket/lake");

    assertThatThrownBy(() -> MigrationConfigLoader.parse(yaml, BASE, Map.of("PGHOST", "h")::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.port refers to ${PGPORT}, which is not set in the environment");
    assertThatThrownBy(() -> MigrationConfigLoader.parse(MINIMAL.replace("user: migrator", "user: ${BROKEN"), BASE,
        env::get)).isInstanceOf(ConfigException.class).hasMessageContaining("source.user has a malformed");
  }

  @Test
  void kafkaClientSettingsArePassedThroughButNotCredentialsOrSeamsOwn() {
    MigrationConfig c = parse(MINIMAL + "stream:\n  kafka_properties:\n    security.protocol: SSL\n"
        + "    ssl.truststore.location: /etc/kafka/ca.pem\n");
    assertThat(c.stream().kafkaProperties()).containsExactlyInAnyOrderEntriesOf(
        Map.of("security.protocol", "SSL", "ssl.truststore.location", "/etc/kafka/ca.pem"));
    assertThat(parse(MINIMAL).stream().kafkaProperties()).isEmpty();
    assertThatThrownBy(() -> parse(MINIMAL + "stream:\n  kafka_properties:\n    ssl.keystore.password: x\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("is a credential");
    assertThatThrownBy(() -> parse(MINIMAL + "stream:\n  kafka_properties:\n    sasl.jaas.config: x\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("is a credential");
    assertThatThrownBy(() -> parse(MINIMAL + "stream:\n  kafka_properties:\n    group.id: mine\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("is set by Seam itself");
  }

  @Test
  void theDocumentedExampleLoads() {
    // Surefire runs in jobs/core: the reference every option is documented in must stay loadable.
    MigrationConfig c = MigrationConfigLoader.load(Path.of("../../conf/migration.example.yaml"));
    assertThat(c.stream().kafkaProperties()).isEmpty();
    assertThat(c.tables()).isNotEmpty();
  }

  @Test
  void objectStoreTargetIsKeptAsIs() {
    MigrationConfig c = parse(MINIMAL.replace("path: lake", "path: s3a://bucket/lake"));
    assertThat(c.target().path()).isEqualTo("s3a://bucket/lake");
    assertThat(c.target().tablePath(TableRef.parse("orders"))).isEqualTo("s3a://bucket/lake/tables/public.orders");
  }

  @Test
  void unknownKeyIsRejectedByItsFullName() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("  user: migrator", "  user: migrator\n  hots: db1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown key source.hots (known keys here: ");
    assertThatThrownBy(() -> parse(MINIMAL + "backfil:\n  splits: 2\n"))
        .hasMessageStartingWith("unknown key backfil ");
    assertThatThrownBy(() -> parse(MINIMAL.replace("- name: orders", "- name: orders\n    day_colum: x")))
        .hasMessageStartingWith("unknown key tables[0].day_colum ");
  }

  @Test
  void missingRequiredKeysAreNamed() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("  database: shop\n", "")))
        .hasMessage("missing required key source.database");
    assertThatThrownBy(() -> parse(MINIMAL.replace("target:\n  path: lake\n", "")))
        .hasMessage("missing required key target.path");
    assertThatThrownBy(() -> parse("source:\n  database: a\n  user: b\ntarget:\n  path: x\n"))
        .hasMessage("missing required key tables: list at least one table to migrate");
  }

  @Test
  void passwordValuesAreRefused() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("  user: migrator", "  user: migrator\n  password: hunter2")))
        .hasMessageStartingWith("source.password is not allowed")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> parse(MINIMAL + "backfill:\n  fetch_size: 0\n"))
        .hasMessageStartingWith("backfill.fetch_size must be >= 1, got 0");
    assertThatThrownBy(() -> parse(MINIMAL + "backfill:\n  splits: many\n"))
        .hasMessage("backfill.splits must be a whole number, got 'many'");
    assertThatThrownBy(() -> parse(MINIMAL + "parity:\n  time_zone: Mars/Olympus\n"))
        .hasMessageStartingWith("parity.time_zone is not a time zone: 'Mars/Olympus'");
    assertThatThrownBy(() -> parse(MINIMAL + "replication:\n  slot: \"x; DROP TABLE orders\"\n"))
        .hasMessageStartingWith("replication.slot must be lower-case letters, digits and underscores");
    assertThatThrownBy(() -> parse(MINIMAL.replace("ssl_mode", "x") + "source2: 1\n"))
        .hasMessageStartingWith("unknown key source2");
    assertThatThrownBy(() -> parse(MINIMAL.replace("- name: orders", "- name: orders; drop table x")))
        .hasMessageStartingWith("tables[0].name is not a table name: character ';'");
    assertThatThrownBy(() -> parse(MINIMAL.replace("- name: orders", "- name: orders\n  - name: ORDERS")))
        .hasMessage("tables[1].name lists public.orders a second time");
  }

  @Test
  void notYamlIsAClearError() {
    assertThatThrownBy(() -> parse("source: [unclosed")).hasMessageStartingWith("the migration config is not valid YAML");
    assertThatThrownBy(() -> parse("- a\n- b\n")).hasMessage("the migration config must be a YAML mapping at the top level");
  }

  @Test
  void secretComesFromEnvOrFileAndNeverPrints() {
    MigrationConfig c = parse(MINIMAL.replace("  user: migrator", "  user: migrator\n  password_env: SHOP_PW"));
    Secret s = c.source().password();
    assertThat(s.reveal(Map.of("SHOP_PW", "hunter2"))).isEqualTo("hunter2");
    assertThat(s.toString()).isEqualTo("env:SHOP_PW");
    assertThat(c.toString()).doesNotContain("hunter2");
    assertThatThrownBy(() -> s.reveal(Map.of()))
        .hasMessage("no source password: set the environment variable SHOP_PW (source.password_env) or point "
            + "source.password_file at a file holding it");
    MigrationConfig f = parse(MINIMAL.replace("  user: migrator", "  user: migrator\n  password_file: pw.txt"));
    assertThat(f.source().password().file()).isEqualTo(Path.of("/etc/seam/pw.txt"));
  }
}
