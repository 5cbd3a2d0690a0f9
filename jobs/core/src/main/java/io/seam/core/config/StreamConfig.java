package io.seam.core.config;

import java.io.Serializable;
import java.util.Map;

/**
 * Kafka and the change stream: where Debezium writes and the apply job reads. Each component is the
 * {@code stream.*} key of the same name; {@link MigrationOptions} defines its default, bounds and meaning.
 */
public record StreamConfig(String bootstrapServers, String topicPrefix, int heartbeatIntervalMs,
    int triggerIntervalSeconds, int maxOffsetsPerTrigger, int broadcastMaxKeys, int combinedMergeMaxTargetMb,
    int compactionIntervalSeconds, int compactionMinRows, int compactionMaxAgeSeconds,
    Map<String, String> kafkaProperties)
    implements Serializable {

  /** Within every bound its {@link MigrationOptions} definition sets, however it was built. */
  public StreamConfig {
    MigrationOptions.STREAM_HEARTBEAT_INTERVAL_MS.check(heartbeatIntervalMs);
    MigrationOptions.STREAM_TRIGGER_INTERVAL_SECONDS.check(triggerIntervalSeconds);
    MigrationOptions.STREAM_MAX_OFFSETS_PER_TRIGGER.check(maxOffsetsPerTrigger);
    MigrationOptions.STREAM_BROADCAST_MAX_KEYS.check(broadcastMaxKeys);
    MigrationOptions.STREAM_COMBINED_MERGE_MAX_TARGET_MB.check(combinedMergeMaxTargetMb);
    MigrationOptions.STREAM_COMPACTION_INTERVAL_SECONDS.check(compactionIntervalSeconds);
    MigrationOptions.STREAM_COMPACTION_MIN_ROWS.check(compactionMinRows);
    MigrationOptions.STREAM_COMPACTION_MAX_AGE_SECONDS.check(compactionMaxAgeSeconds);
    if (!topicPrefix.matches("[A-Za-z0-9_.-]+")) {
      throw new ConfigException(MigrationOptions.STREAM_TOPIC_PREFIX.path()
          + " may hold letters, digits, '.', '_' and '-' only, got '" + topicPrefix + "'");
    }
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /** Every setting at its default: the section as the loader reads it with none of its keys given. */
  public static StreamConfig defaults() {
    return MigrationConfigLoader.defaultStream();
  }

  /** The same stream with other fold limits: {@code broadcast_max_keys} and {@code combined_merge_max_target_mb}. */
  public StreamConfig withFoldLimits(int broadcastMaxKeys, int combinedMergeMaxTargetMb) {
    return new StreamConfig(bootstrapServers, topicPrefix, heartbeatIntervalMs, triggerIntervalSeconds,
        maxOffsetsPerTrigger, broadcastMaxKeys, combinedMergeMaxTargetMb, compactionIntervalSeconds, compactionMinRows,
        compactionMaxAgeSeconds, kafkaProperties);
  }

  /** The same stream on another broker and topic prefix. */
  public StreamConfig withKafka(String bootstrapServers, String topicPrefix) {
    return new StreamConfig(bootstrapServers, topicPrefix, heartbeatIntervalMs, triggerIntervalSeconds,
        maxOffsetsPerTrigger, broadcastMaxKeys, combinedMergeMaxTargetMb, compactionIntervalSeconds, compactionMinRows,
        compactionMaxAgeSeconds, kafkaProperties);
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
