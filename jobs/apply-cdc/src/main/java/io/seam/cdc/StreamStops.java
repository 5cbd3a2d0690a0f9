package io.seam.cdc;

import io.seam.core.Causes;
import io.seam.core.config.StreamConfig;

/**
 * Why the apply job stopped, in the words an operator needs: what happened, whether anything is lost,
 * what to do. Seam's own stops (schema changes, bad config) already say so; the stops caused from
 * outside (Kafka retention, a full disk) are recognised here by the message at the bottom of Spark's
 * cause chain.
 */
final class StreamStops {
  private StreamStops() {}

  static String explain(Throwable e, String targetPath, StreamConfig stream) {
    String m = String.valueOf(Causes.root(e).getMessage());
    if (anyCauseIs(e, "SslAuthenticationException")) {
      return "the TLS handshake with Kafka at " + stream.bootstrapServers() + " failed (" + m + "): check"
          + " stream.kafka_properties (security.protocol, and ssl.truststore.location must hold the CA that signed"
          + " the broker's certificate)";
    }
    // Spark's own data-loss check, or the consumer's fetch below the topic's new log start.
    if (anyCauseSays(e, "Some data may have been lost") || anyCauseIs(e, "OffsetOutOfRangeException")
        || anyCauseSays(e, "is out of range for partition")) {
      return "change topic offsets are gone (Kafka retention deleted records that were never applied): the target"
          + " can no longer be proven complete. Re-seam: bin/seam backfill --restart, then start the stream. (" + m + ")";
    }
    if (anyCauseSays(e, "No space left on device") || anyCauseSays(e, "Disk quota exceeded")) {
      return "the target " + targetPath + " ran out of space (" + m + "). Nothing is lost: the batch that failed is"
          + " redone from the checkpoint. Free space there (or grow the volume), then start the stream again";
    }
    return Causes.explanation(e);
  }

  private static boolean anyCauseIs(Throwable e, String simpleName) {
    return Causes.find(e, t -> t.getClass().getSimpleName().equals(simpleName)) != null;
  }

  private static boolean anyCauseSays(Throwable e, String text) {
    return Causes.find(e, t -> String.valueOf(t.getMessage()).contains(text)) != null;
  }
}
