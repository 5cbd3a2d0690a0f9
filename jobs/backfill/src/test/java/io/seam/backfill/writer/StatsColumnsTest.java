package io.seam.backfill.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsColumnsTest {

  @Test
  void theKeyThenTheDayColumn() {
    assertThat(DeltaTableWriter.statsColumns(List.of("id"), "created_at")).isEqualTo("`id`,`created_at`");
    assertThat(DeltaTableWriter.statsColumns(List.of("tenant", "id"), null)).isEqualTo("`tenant`,`id`");
    assertThat(DeltaTableWriter.statsColumns(List.of("id", "day"), "day")).isEqualTo("`id`,`day`");
  }

  @Test
  void everyNameIsBackQuotedAndUnlistableOnesAreLeftOut() {
    assertThat(DeltaTableWriter.statsColumns(List.of("Order Id", "a.b"), "select")).isEqualTo("`Order Id`,`a.b`,`select`");
    assertThat(DeltaTableWriter.statsColumns(List.of("a,b", "x`y", "id"), null)).isEqualTo("`id`");
  }
}
