package io.seam.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * Mutated migration configs (lines dropped, duplicated or swapped, values retyped, junk and YAML
 * syntax spliced in): loading either gives a config or a {@link ConfigException} that names what is
 * wrong, nothing else, and a failed load leaves nothing behind. Seeded, so a failure reproduces.
 */
class MigrationConfigFuzzTest {
  private static final String[] JUNK = {"", "~", "null", "[]", "{}", "[a, b]", "{x: 1}", "-1", "0", "99999999999",
      "1.5", "true", "'x; DROP TABLE t'", "\"${UNSET_VAR}\"", "${HOME}", "&a", "*a", "!!binary aGk=", "|", ">",
      "'", "\"", ":", "- ", "\t", "ü", "\\u0000", "{{", "%", "@"};

  @Test
  void everyMutationLoadsOrNamesWhatIsWrong() throws Exception {
    String example = Files.readString(Path.of("../../conf/migration.example.yaml"));
    Path dir = Files.createTempDirectory("seam-config-fuzz");
    Random random = new Random(20261123L);
    List<String> unexpected = new ArrayList<>();
    int loaded = 0;
    int rejected = 0;
    for (int i = 0; i < 5_000; i++) {
      String yaml = mutate(example, random);
      try {
        MigrationConfigLoader.parse(yaml, dir, Map.of("HOME", "/home/seam")::get);
        loaded++;
      } catch (ConfigException e) {
        assertThat(e.getMessage()).isNotBlank();
        rejected++;
      } catch (RuntimeException e) {
        if (unexpected.size() < 5) {
          unexpected.add(e + "\n--- for ---\n" + yaml);
        }
      }
    }
    assertThat(unexpected).isEmpty();
    assertThat(loaded).as("some mutations stay valid").isPositive();
    assertThat(rejected).isPositive();
    try (var left = Files.list(dir)) {
      assertThat(left).as("loading writes nothing").isEmpty();
    }
  }

  static String mutate(String yaml, Random r) {
    List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits && !lines.isEmpty(); e++) {
      int at = r.nextInt(lines.size());
      String line = lines.get(at);
      switch (r.nextInt(6)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, line);
        case 2 -> lines.set(at, line.replaceFirst(":\\s*[^#\\s][^#]*",
            Matcher.quoteReplacement(": " + JUNK[r.nextInt(JUNK.length)] + " ")));
        case 3 -> lines.set(at, line.substring(0, r.nextInt(line.length() + 1)));
        case 4 -> lines.set(at, JUNK[r.nextInt(JUNK.length)] + line);
        default -> {
          int other = r.nextInt(lines.size());
          lines.set(at, lines.get(other));
          lines.set(other, line);
        }
      }
    }
    return String.join("\n", lines);
  }
}
