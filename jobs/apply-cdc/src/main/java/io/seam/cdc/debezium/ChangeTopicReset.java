package io.seam.cdc.debezium;

import io.seam.core.config.MigrationConfig;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.stream.StreamPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A re-seam keeps the migration config, so the change topic's name: on the first stream start of a new
 * seam the topic can still hold the earlier seam's records, which the new target's apply job (fresh
 * checkpoint, reading from the earliest offset) would apply on top of the new backfill. They are deleted
 * (Kafka DeleteRecords up to the current end) when nothing of this seam can be in the topic yet: Debezium
 * has no stored offset for it and the apply job has never committed a batch for it. If Debezium died
 * before storing its first offset, what it had produced is produced again from the slot, which it had not
 * acknowledged either.
 */
public final class ChangeTopicReset {
  private ChangeTopicReset() {}

  /** Debezium's offsets for one seam: a new seam starts from its slot, never from another seam's offset. */
  public static Path offsetsFile(Path streamDir, SeamManifest manifest) {
    return streamDir.toAbsolutePath().resolve("offsets-" + manifest.slot() + "-" + manifest.seamLsn().replace('/', '-')
        + ".dat");
  }

  /** Deletes earlier seams' records if this is the seam's first start; returns how many were deleted. */
  public static long onFirstStart(MigrationConfig config, Path offsetsFile, Configuration hadoop) {
    if (Files.exists(offsetsFile) || applyHasCommitted(config, hadoop)) {
      return 0;
    }
    return deleteAll(config);
  }

  static boolean applyHasCommitted(MigrationConfig config, Configuration hadoop) {
    org.apache.hadoop.fs.Path commits = new org.apache.hadoop.fs.Path(
        config.target().seamPath(StreamPosition.CHECKPOINT + "/commits"));
    try {
      FileSystem fs = commits.getFileSystem(hadoop);
      if (!fs.exists(commits)) {
        return false;
      }
      for (FileStatus f : fs.listStatus(commits)) {
        if (f.getPath().getName().matches("\\d+")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the apply job's checkpoint at " + commits + ": " + e.getMessage(), e);
    }
  }

  /** Moves the log start of every partition of the change topic to its end. */
  static long deleteAll(MigrationConfig config) {
    String topic = config.stream().changesTopic();
    Map<String, Object> client = new HashMap<>(config.stream().kafkaProperties());
    client.put("bootstrap.servers", config.stream().bootstrapServers());
    client.put("request.timeout.ms", 30_000);
    try (Admin admin = Admin.create(client)) {
      List<TopicPartition> partitions;
      try {
        partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
            .map(p -> new TopicPartition(topic, p.partition())).toList();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          return 0;  // created afterwards, empty
        }
        throw e;
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      partitions.forEach(tp -> {
        latest.put(tp, OffsetSpec.latest());
        earliest.put(tp, OffsetSpec.earliest());
      });
      var ends = admin.listOffsets(latest).all().get();
      var starts = admin.listOffsets(earliest).all().get();
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      long count = 0;
      for (TopicPartition tp : partitions) {
        long end = ends.get(tp).offset();
        long start = starts.get(tp).offset();
        if (end > start) {
          delete.put(tp, RecordsToDelete.beforeOffset(end));
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
