package io.seam.cdc.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicProgressTest {
  @Test
  void recordsBehindCountPerPartitionAndNeverBelowZero() {
    TopicProgress p = new TopicProgress("seam.changes", Map.of(0, 1_240L, 1, 10L), Map.of(0, 1_234L, 1, 12L));

    assertThat(p.behind()).as("a checkpoint past a partition's end (records deleted) is not negative lag").isEqualTo(6);
    assertThat(p.end()).isEqualTo(1_250);
    assertThat(p.line()).isEqualTo("topic       seam.changes: 1,246 of 1,250 records applied (6 behind)");
  }

  @Test
  void beforeTheFirstBatchEveryRecordIsBehindAndAMissingTopicSaysWhatCreatesIt() {
    assertThat(new TopicProgress("t", Map.of(0, 40L), Map.of()).behind()).isEqualTo(40);
    assertThat(new TopicProgress("t", Map.of(), Map.of()).line()).contains("t does not exist yet");
  }
}
