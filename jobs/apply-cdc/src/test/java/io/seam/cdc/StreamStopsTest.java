package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StreamStopsTest {

  @Test
  void aFullDiskSaysNothingIsLostAndWhatToDo() {
    // The IOException sits below Spark's and Hadoop's wrappers, which carry messages of their own.
    var e = new IllegalStateException("Query failed", new RuntimeException("Job aborted",
        new java.io.UncheckedIOException("write failed", new IOException("No space left on device"))));
    assertThat(StreamStops.explain(e, "/lake")).isEqualTo("the target /lake ran out of space (No space left on"
        + " device). Nothing is lost: the batch that failed is redone from the checkpoint. Free space there (or grow"
        + " the volume), then start the stream again");
  }

  @Test
  void recordsDeletedBeforeTheyWereAppliedSayReSeam() {
    var e = new IllegalStateException("x", new IllegalStateException("Partition t-0's offset was changed from 10 to 50,"
        + " Some data may have been lost because they are not available in Kafka any more"));
    assertThat(StreamStops.explain(e, "/lake")).startsWith("change topic offsets are gone (Kafka retention deleted"
        + " records that were never applied)").contains("Re-seam: bin/seam backfill --restart");
  }

  @Test
  void otherStopsKeepTheirOwnMessage() {
    var e = new IllegalStateException("wrapper", new IllegalArgumentException("column qty changed type at the source"));
    assertThat(StreamStops.explain(e, "/lake")).isEqualTo("column qty changed type at the source");
  }
}
