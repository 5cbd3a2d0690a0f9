package io.seam.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.config.ConfigException;
import org.junit.jupiter.api.Test;

class CausesTest {
  @Test
  void theExplanationIsSeamsOwnWhereTheChainHasOneElseTheRootCause() {
    Throwable seams = new RuntimeException("Job aborted", new ConfigException("stream.topic_prefix is empty: set it",
        new IllegalArgumentException("blank")));
    assertThat(Causes.explanation(seams)).isEqualTo("stream.topic_prefix is empty: set it");
    Throwable sqlMarked = new RuntimeException("task failed", new RuntimeException("ERROR: seam: split 3 moved"));
    assertThat(Causes.explanation(sqlMarked)).isEqualTo("ERROR: seam: split 3 moved");
    assertThat(Causes.explanation(new RuntimeException("wrapped", new java.io.IOException("No space left on device"))))
        .isEqualTo("No space left on device");
    assertThat(Causes.explanation(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
  }
}
