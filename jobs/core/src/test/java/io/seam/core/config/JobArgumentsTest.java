package io.seam.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {
  @Test
  void configAndKnownFlags() {
    JobArguments a = JobArguments.parse(new String[] {"--restart", "--config", "m.yaml"}, "u", Set.of("--restart"));
    assertThat(a.configFile()).isEqualTo(Path.of("m.yaml"));
    assertThat(a.has("--restart")).isTrue();
  }

  @Test
  void unknownArgumentsAndAMissingConfigAreErrors() {
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--config", "m.yaml", "--force"}, "backfill --config FILE",
        Set.of())).hasMessage("unknown argument --force; usage: backfill --config FILE");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--config"}, "backfill --config FILE", Set.of()))
        .hasMessage("--config needs a value; usage: backfill --config FILE");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--config", "a.yaml", "--config", "b.yaml"},
        "backfill --config FILE", Set.of())).hasMessage("--config is given twice; usage: backfill --config FILE");
    assertThatThrownBy(() -> JobArguments.parse(new String[0], "backfill --config FILE", Set.of()))
        .hasMessage("usage: backfill --config FILE");
  }

  @Test
  void anOptionTakesTheNextArgumentAndIsRequired() {
    JobArguments a = JobArguments.parse(new String[] {"--config", "m.yaml", "--queries", "reports/"},
        "shadow --config FILE --queries DIR", Set.of(), Set.of("--queries"));
    assertThat(a.option("--queries")).isEqualTo("reports/");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--config", "m.yaml"}, "shadow --config FILE --queries DIR",
        Set.of(), Set.of("--queries"))).hasMessage("usage: shadow --config FILE --queries DIR");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--config", "m.yaml", "--queries"},
        "shadow --config FILE --queries DIR", Set.of(), Set.of("--queries")))
        .hasMessage("--queries needs a value; usage: shadow --config FILE --queries DIR");
  }

  @Test
  void anOptionalOptionMayBeLeftOut() {
    String usage = "debezium-config --config FILE --out DIR [--http-port N]";
    JobArguments a = JobArguments.parse(new String[] {"--out", "w", "--config", "m.yaml"}, usage, Set.of(),
        Set.of("--out"), Set.of("--http-port"));
    assertThat(a.option("--out")).isEqualTo("w");
    assertThat(a.option("--http-port")).isNull();
    assertThat(JobArguments.parse(new String[] {"--config", "m.yaml", "--out", "w", "--http-port", "1"}, usage,
        Set.of(), Set.of("--out"), Set.of("--http-port")).option("--http-port")).isEqualTo("1");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--config", "m.yaml", "--http-port", "1"}, usage,
        Set.of(), Set.of("--out"), Set.of("--http-port"))).hasMessage("usage: " + usage);
  }
}

