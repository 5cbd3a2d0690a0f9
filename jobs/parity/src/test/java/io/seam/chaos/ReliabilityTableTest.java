package io.seam.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReliabilityTableTest {
  private static final ScenarioResult CLEAN = new ScenarioResult("kill-apply", "kill -9 of the apply job", null, 92, 0,
      "CLEAN", 68_308, 1_453, 0, "parity-1");
  private static final ScenarioResult STOPPED = new ScenarioResult("disk-full", "filled | freed",
      "apply-cdc stopped: the target `x` ran out of space " + "y".repeat(300), 94, 0, "CLEAN", 89_987, 1_809, 0, "p-2");

  @Test
  void aRowPerScenarioWithItsStopInCodeAndCellsThatCannotBreakTheTable() {
    String table = ReliabilityTable.markdown(List.of(CLEAN, STOPPED));
    List<String> lines = table.lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(2)).isEqualTo("| kill-apply | kill -9 of the apply job | — | 92 s | 68,308 | 1,453 | 0 | CLEAN (exit 0) |");
    assertThat(lines.get(3)).startsWith("| disk-full | filled / freed | `apply-cdc stopped: the target 'x' ran out of space y")
        .endsWith("` | 94 s | 89,987 | 1,809 | 0 | CLEAN (exit 0) |");
    assertThat(lines.get(3).split("\\|")).hasSize(9);
  }

  @Test
  void onlyTheResultsSectionIsRewritten() {
    String before = "# Reliability\nintro\n" + ReliabilityTable.START + "\nold heading\n\n| old |\n" + ReliabilityTable.END
        + "\nafter\n";
    String after = ReliabilityTable.rewrite(before, "Last full run: today", List.of(CLEAN));
    assertThat(after).startsWith("# Reliability\nintro\n" + ReliabilityTable.START + "\nLast full run: today\n\n| scenario")
        .endsWith("CLEAN (exit 0) |\n" + ReliabilityTable.END + "\nafter\n").doesNotContain("old");
    assertThatThrownBy(() -> ReliabilityTable.rewrite("no markers", "h", List.of(CLEAN)))
        .hasMessageContaining("no results section");
  }

  @Test
  void aMissingDesignedStopOrAnUncleanParityFails() {
    assertThat(CLEAN.passed()).isTrue();
    assertThat(new ScenarioResult("drop-slot", "w", "NONE: no stop", 1, 0, "CLEAN", 1, 0, 0, "r").passed()).isFalse();
    assertThat(new ScenarioResult("kill-apply", "w", null, 1, 3, "DIFFERENCES", 1, 0, 2, "r").passed()).isFalse();
  }
}
