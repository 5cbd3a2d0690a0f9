package io.seam.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The documented example and the loader both come from {@link MigrationOptions}: they cannot drift apart. */
class ExampleConfigTest {
  private static final Path EXAMPLE = Path.of("../../conf/migration.example.yaml");

  @Test
  void theExampleIsTheRenderingOfTheOptions() throws Exception {
    assertThat(Files.readString(EXAMPLE)).as("conf/migration.example.yaml is generated: regenerate it with the"
        + " command in its header").isEqualTo(ExampleConfig.render());
  }

  @Test
  void theExampleLoadsAndEveryKeyItShowsIsOneTheLoaderReads() {
    String uncommented = ExampleConfig.render().replace("# password_file:", "password_file:")
        .replace("# ssl_root_cert:", "ssl_root_cert:");
    MigrationConfig config = MigrationConfigLoader.parse(uncommented, Path.of("/etc/seam"), name -> null);

    assertThat(config.stream().triggerIntervalSeconds()).isEqualTo(MigrationOptions.STREAM_TRIGGER_INTERVAL_SECONDS
        .defaultInt());
    assertThat(config.source().sslRootCertPath()).contains("/etc/seam/tls/db-ca.pem");
  }

  @Test
  void everyOptionHasADefaultWithinItsBoundsAndOnePlace() {
    Set<String> paths = new HashSet<>();
    for (ConfigOption o : MigrationOptions.ALL) {
      assertThat(paths.add(o.path())).as("%s defined once", o.path()).isTrue();
      assertThat(MigrationOptions.SECTIONS).containsKey(o.section());
      if (o.defaultValue() instanceof Integer d) {
        assertThat(d).as(o.path()).isGreaterThanOrEqualTo(o.min());
      }
    }
  }

  @Test
  void aRecordBuiltInCodeIsHeldToTheSameBoundsAsTheFile() {
    assertThatThrownBy(() -> new ParityConfig("UTC", 600, 300, 0, 0, 200_000, 10_000, 3, 1440, false))
        .isInstanceOf(ConfigException.class).hasMessage("parity.key_buckets must be >= 2, got 0");
    assertThatThrownBy(() -> new StreamConfig("b:1", "seam", 10_000, 2, 0, 0, 0, 60, 1, 0, Map.of()))
        .hasMessage("stream.max_offsets_per_trigger must be >= 1, got 0");
  }
}
