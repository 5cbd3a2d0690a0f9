package io.seam.core.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The apply job's streaming checkpoint ({@link StreamPosition#CHECKPOINT}), read in this one place: Spark
 * marks a finished micro-batch N with {@code commits/N} and keeps the Kafka offsets it read up to in
 * {@code offsets/N}, whose last line is {@code {"<topic>":{"<partition>":<next offset>}}}.
 */
public final class StreamCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamCheckpoint() {}

  /** The last micro-batch Spark committed, empty before the first. */
  public static Optional<Long> lastCommittedBatch(String checkpoint, Configuration hadoop) {
    Path commits = new Path(checkpoint, "commits");
    try {
      FileSystem fs = commits.getFileSystem(hadoop);
      if (!fs.exists(commits)) {
        return Optional.empty();
      }
      long last = -1;
      for (FileStatus f : fs.listStatus(commits)) {
        String name = f.getPath().getName();
        if (name.matches("\\d+")) {
          last = Math.max(last, Long.parseLong(name));
        }
      }
      return last < 0 ? Optional.empty() : Optional.of(last);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the apply job's checkpoint at " + commits + ": " + e.getMessage(), e);
    }
  }

  /**
   * Per partition of {@code topic}, the offset the apply job reads next: every record before it is applied (the
   * last committed batch's end). Empty before the first batch.
   */
  public static Map<Integer, Long> appliedOffsets(String checkpoint, String topic, Configuration hadoop) {
    Optional<Long> batch = lastCommittedBatch(checkpoint, hadoop);
    if (batch.isEmpty()) {
      return Map.of();
    }
    Path offsets = new Path(new Path(checkpoint, "offsets"), Long.toString(batch.get()));
    // Not closed: Hadoop caches one FileSystem per scheme for the whole process.
    try (BufferedReader in = new BufferedReader(new InputStreamReader(offsets.getFileSystem(hadoop).open(offsets),
        StandardCharsets.UTF_8))) {
      String line;
      String last = null;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          last = line;
        }
      }
      Map<Integer, Long> out = new TreeMap<>();
      JsonNode partitions = last == null ? null : JSON.readTree(last).path(topic);
      if (partitions != null && partitions.isObject()) {
        partitions.fields().forEachRemaining(p -> out.put(Integer.parseInt(p.getKey()), p.getValue().asLong()));
      }
      return out;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the apply job's offsets at " + offsets + ": " + e.getMessage(), e);
    }
  }
}
