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
        .hasMessage("unknown argument --config; usage: backfill --config FILE");
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
        .hasMessage("unknown argument --queries; usage: shadow --config FILE --queries DIR");
  }
}

