package io.seam.core.config;

import java.io.Serializable;

/** Kafka and the change stream: where Debezium writes and the apply job reads. */
public record StreamConfig(String bootstrapServers, String topicPrefix, int heartbeatIntervalMs,
    int triggerIntervalSeconds, int maxOffsetsPerTrigger) implements Serializable {}
