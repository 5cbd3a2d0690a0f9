package io.seam.core.config;

import java.io.Serializable;
import java.util.Map;

/**
 * Kafka and the change stream: where Debezium writes and the apply job reads. {@code kafkaProperties}
 * are Kafka client settings (TLS: security.protocol, ssl.truststore.location, ...) given to both;
 * {@code broadcastMaxKeys}: a table's batch of at most this many keys is broadcast to its MERGE (0: never);
 * {@code combinedMergeMaxTargetMb}: a target table of at most this size takes a batch's updates and inserts
 * in one MERGE, a larger one in two (0: always two); both apply to the compactor's MERGE;
 * {@code compactionIntervalSeconds}: how often the compactor looks at the change log; it folds a table's rows
 * into its base table once they number {@code compactionMinRows} or the oldest is
 * {@code compactionMaxAgeSeconds} old.
 */
public record StreamConfig(String bootstrapServers, String topicPrefix, int heartbeatIntervalMs,
    int triggerIntervalSeconds, int maxOffsetsPerTrigger, int broadcastMaxKeys, int combinedMergeMaxTargetMb,
    int compactionIntervalSeconds, int compactionMinRows, int compactionMaxAgeSeconds,
    Map<String, String> kafkaProperties)
    implements Serializable {

  public StreamConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /**
   * The migration's one change topic. Every record Debezium emits for the migration (all tables,
   * transaction markers, heartbeats) goes to this single-partition topic, so its order is the
   * source's commit order and the applied position is exact.
   */
  public String changesTopic() {
    return topicPrefix + ".changes";
  }
}
