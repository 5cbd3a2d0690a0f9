package io.seam.cdc.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicProgressTest {
  @Test
  void recordsBehindCountPerPartitionAndNeverBelowZero() {
    TopicProgress p = new TopicProgress("seam.changes", Map.of(0, 0L, 1, 0L), Map.of(0, 1_240L, 1, 10L),
        Map.of(0, 1_234L, 1, 12L));

    assertThat(p.behind()).as("a checkpoint past a partition's end (records deleted) is not negative lag").isEqualTo(6);
    assertThat(p.end()).isEqualTo(1_250);
    assertThat(p.line()).isEqualTo("topic       seam.changes: 6 record(s) not applied yet (the apply job reads offset"
        + " 1,246 next; the topic ends at 1,250)");
  }

  @Test
  void recordsBeforeTheLogStartAreNotBehindThoughNoBatchHasRunYet() {
    assertThat(new TopicProgress("t", Map.of(0, 0L), Map.of(0, 40L), Map.of()).behind()).isEqualTo(40);
    assertThat(new TopicProgress("t", Map.of(0, 30L), Map.of(0, 40L), Map.of()).behind())
        .as("an earlier seam's records, deleted at this seam's first start").isEqualTo(10);
    assertThat(new TopicProgress("t", Map.of(0, 30L), Map.of(0, 40L), Map.of(0, 12L)).behind())
        .as("records retention deleted before they were applied").isEqualTo(10);
    assertThat(new TopicProgress("t", Map.of(), Map.of(), Map.of()).line()).contains("t does not exist yet");
  }
}
