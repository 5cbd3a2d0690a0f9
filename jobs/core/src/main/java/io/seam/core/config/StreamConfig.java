package io.seam.core.config;

import java.io.Serializable;

/** Kafka and the change stream: where Debezium writes and the apply job reads. */
public record StreamConfig(String bootstrapServers, String topicPrefix, int heartbeatIntervalMs,
    int triggerIntervalSeconds, int maxOffsetsPerTrigger) implements Serializable {

  /**
   * The migration's one change topic. Every record Debezium emits for the migration (all tables,
   * transaction markers, heartbeats) goes to this single-partition topic, so its order is the
   * source's commit order and the applied position is exact.
   */
  public String changesTopic() {
    return topicPrefix + ".changes";
  }
}
