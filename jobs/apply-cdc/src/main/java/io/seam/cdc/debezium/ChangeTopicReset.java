package io.seam.cdc.debezium;

import io.seam.core.config.MigrationConfig;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.stream.StreamCheckpoint;
import io.seam.core.stream.StreamPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The first stream start of a seam. A re-seam keeps the migration config, so the change topic's name: the
 * topic can still hold the earlier seam's records, which the new target's apply job must never apply. They
 * are deleted (Kafka DeleteRecords up to the current end) when nothing of this seam can be in the topic
 * yet: Debezium has no stored offset for it and the apply job has never committed a batch for it. If
 * Debezium died before storing its first offset, what it had produced is produced again from the slot,
 * which it had not acknowledged either. The end offsets are then recorded as where this seam's changes
 * begin ({@link ChangeTopicStart}).
 */
public final class ChangeTopicReset {
  private ChangeTopicReset() {}

  /** Debezium's offsets for one seam: a new seam starts from its slot, never from another seam's offset. */
  public static Path offsetsFile(Path streamDir, SeamManifest manifest) {
    return streamDir.toAbsolutePath().resolve("offsets-" + manifest.slot() + "-" + manifest.seamLsn().replace('/', '-')
        + ".dat");
  }

  /**
   * On the seam's first start: deletes earlier seams' records and records where this seam's changes begin;
   * returns how many records were deleted (0 on any later start).
   */
  public static long onFirstStart(MigrationConfig config, SeamManifest manifest, Path offsetsFile, Configuration hadoop) {
    if (Files.exists(offsetsFile) || applyHasCommitted(config, hadoop)) {
      return 0;
    }
    Map<Integer, Long> start = new HashMap<>();
    long deleted = deleteAll(config, start);
    new ChangeTopicStart(manifest.seamLsn(), config.stream().changesTopic(), start).write(config, hadoop);
    return deleted;
  }

  public static boolean applyHasCommitted(MigrationConfig config, Configuration hadoop) {
    return StreamCheckpoint.lastCommittedBatch(config.target().seamPath(StreamPosition.CHECKPOINT), hadoop)
        .isPresent();
  }

  private static Admin admin(MigrationConfig config) {
    Map<String, Object> client = new HashMap<>(config.stream().kafkaProperties());
    client.put("bootstrap.servers", config.stream().bootstrapServers());
    client.put("request.timeout.ms", 30_000);
    return Admin.create(client);
  }

  /**
   * Per partition of the change topic, its log start and end (the offset its next record gets); both empty when
   * there is no topic yet.
   */
  public record LogBounds(Map<Integer, Long> starts, Map<Integer, Long> ends) {
    public LogBounds {
      starts = Map.copyOf(starts);
      ends = Map.copyOf(ends);
    }
  }

  /** The earliest offset still in the change topic, per partition (empty if there is no topic). */
  public static Map<Integer, Long> logStarts(MigrationConfig config) {
    return logBounds(config).starts();
  }

  public static LogBounds logBounds(MigrationConfig config) {
    String topic = config.stream().changesTopic();
    try (Admin admin = admin(config)) {
      return bounds(admin, topic);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the change topic " + topic + "'s offsets at "
          + config.stream().bootstrapServers() + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the change topic " + topic, e);
    }
  }

  /** One description of the topic, then its partitions' earliest and latest offsets. */
  private static LogBounds bounds(Admin admin, String topic) throws ExecutionException, InterruptedException {
    List<TopicPartition> partitions;
    try {
      partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return new LogBounds(Map.of(), Map.of());
      }
      throw e;
    }
    return new LogBounds(offsets(admin, partitions, OffsetSpec.earliest()), offsets(admin, partitions,
        OffsetSpec.latest()));
  }

  private static Map<Integer, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    partitions.forEach(tp -> wanted.put(tp, spec));
    Map<Integer, Long> out = new java.util.TreeMap<>();
    admin.listOffsets(wanted).all().get().forEach((tp, info) -> out.put(tp.partition(), info.offset()));
    return out;
  }

  /** Moves the log start of every partition of the change topic to its end, which goes into {@code ends}. */
  static long deleteAll(MigrationConfig config, Map<Integer, Long> ends) {
    String topic = config.stream().changesTopic();
    try (Admin admin = admin(config)) {
      LogBounds bounds = bounds(admin, topic);
      if (bounds.ends().isEmpty()) {
        ends.put(0, 0L);  // bin/seam creates it next, with one partition
        return 0;
      }
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      long count = 0;
      for (Map.Entry<Integer, Long> e : bounds.ends().entrySet()) {
        long end = e.getValue();
        long start = bounds.starts().get(e.getKey());
        ends.put(e.getKey(), end);
        if (end > start) {
          delete.put(new TopicPartition(topic, e.getKey()), RecordsToDelete.beforeOffset(end));
          count += end - start;
        }
      }
      if (!delete.isEmpty()) {
        admin.deleteRecords(delete).all().get();
      }
      return count;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot clear the change topic " + topic + " of an earlier seam's records at "
          + config.stream().bootstrapServers() + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while clearing the change topic " + topic, e);
    }
  }
}
