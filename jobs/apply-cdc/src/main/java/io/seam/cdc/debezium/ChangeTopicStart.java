package io.seam.cdc.debezium;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seam.core.config.MigrationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a seam's changes begin in the change topic, recorded at the seam's first stream start
 * ({@code _seam/stream_start.json}). The apply job's first batch starts exactly there: starting at "the
 * earliest offset" would silently skip whatever retention deleted before the first checkpoint existed,
 * while an exact start makes such a gap Spark's data-loss error.
 */
public record ChangeTopicStart(String seamLsn, String topic, Map<Integer, Long> offsets) {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String FILE = "stream_start.json";

  public ChangeTopicStart {
    offsets = Map.copyOf(new TreeMap<>(offsets));
  }

  /** Spark's Kafka source {@code startingOffsets} for exactly these offsets. */
  public String startingOffsetsJson() {
    try {
      return JSON.writeValueAsString(Map.of(topic, new TreeMap<>(offsets)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Optional<ChangeTopicStart> read(MigrationConfig config, Configuration hadoop) {
    Path file = new Path(config.target().seamPath(FILE));
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(file)) {
        Map<String, Object> m = JSON.readValue(in, new TypeReference<>() {});
        Map<Integer, Long> offsets = new TreeMap<>();
        ((Map<?, ?>) m.get("offsets")).forEach((k, v) -> offsets.put(Integer.parseInt(k.toString()),
            ((Number) v).longValue()));
        return Optional.of(new ChangeTopicStart((String) m.get("seamLsn"), (String) m.get("topic"), offsets));
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the change topic's recorded start " + file + ": " + e.getMessage(), e);
    }
  }

  void write(MigrationConfig config, Configuration hadoop) {
    Path file = new Path(config.target().seamPath(FILE));
    try (OutputStream out = file.getFileSystem(hadoop).create(file, true)) {
      out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("seamLsn", seamLsn, "topic", topic,
          "offsets", new TreeMap<>(offsets))).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot record the change topic's start in " + file + ": " + e.getMessage(), e);
    }
  }
}
