package io.seam.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seam.cdc.debezium.ChangeTopicReset;
import io.seam.cdc.status.SlotReport;
import io.seam.cdc.status.TopicProgress;
import io.seam.core.config.JobArguments;
import io.seam.core.config.MigrationConfig;
import io.seam.core.launch.JobLauncher;
import io.seam.core.launch.JobSpec;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.ReplicationObjects;
import io.seam.core.stream.ApplierBeacon;
import io.seam.core.stream.StreamCheckpoint;
import io.seam.core.stream.StreamPosition;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/seam stream status}: whether and where the apply job runs ({@link ApplierBeacon}, as the job records
 * it beside the lake, so it is true wherever its driver runs), the change topic (its name, its end, how far the
 * apply job has read it) and the seam slot ({@link SlotReport}: read by Debezium or not), asked of the lake, Kafka,
 * the checkpoint and the source themselves; no Spark. Lines
 * for people, or with {@code --json} one object for scripts (they read this, never the logs or the generated
 * files). Exit 0, or 2 when something could not be read (what could is still printed) or the command line or
 * config is wrong (said on standard error, as every job does: {@link JobLauncher}).
 */
public final class StreamStatusJob {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final JobSpec JOB = JobSpec.of("stream-status", "stream-status --config FILE [--json]", Set.of("--json"),
      LoggerFactory.getLogger("io.seam.cdc"), "stream status could not be read", 2);

  private StreamStatusJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String[] args) {
    return JobLauncher.run(JOB, args, StreamStatusJob::report);
  }

  private static int report(JobArguments arguments, MigrationConfig config) {
    Map<String, Object> json = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    String topic = config.stream().changesTopic();
    json.put("changeTopic", topic);
    Configuration hadoop = new Configuration();
    try {
      Optional<ApplierBeacon> beacon = ApplierBeacon.read(config.target(), hadoop);
      Instant now = Instant.now();
      Map<String, Object> applier = new LinkedHashMap<>();
      applier.put("state", beacon.map(b -> b.state(now).name()).orElse("NEVER_RAN"));
      beacon.ifPresent(b -> applier.put("record", b.toJson()));
      json.put("applier", applier);
      lines.add(beacon.map(b -> b.line(now))
          .orElse("apply-cdc   down  never ran on this lake (bin/seam stream start --config FILE)"));
    } catch (RuntimeException e) {
      errors.add("applier: " + e.getMessage());
      lines.add("apply-cdc   unknown: " + e.getMessage());
    }
    try {
      ChangeTopicReset.LogBounds bounds = ChangeTopicReset.logBounds(config);
      TopicProgress progress = new TopicProgress(topic, bounds.starts(), bounds.ends(),
          StreamCheckpoint.appliedOffsets(config.target().seamPath(StreamPosition.CHECKPOINT), topic, hadoop));
      json.put("topicExists", !progress.ends().isEmpty());
      json.put("topicEnd", progress.end());
      json.put("appliedOffset", progress.appliedOffset());
      json.put("recordsBehind", progress.behind());
      lines.add(progress.line());
    } catch (RuntimeException e) {
      errors.add("topic: " + e.getMessage());
      lines.add("topic       " + topic + " unknown: " + e.getMessage());
    }
    try {
      Optional<SeamManifest> manifest = new ManifestStore(config.target().seamDir(), hadoop).read();
      String slot = manifest.map(SeamManifest::slot).orElse(config.replication().slot());
      Optional<ReplicationObjects.SlotState> state;
      try (Connection c = new PgConnections(config.source()).open()) {
        state = new ReplicationObjects(c).slot(slot);
      }
      Map<String, Object> slotJson = new LinkedHashMap<>();
      slotJson.put("name", slot);
      slotJson.put("exists", state.isPresent());
      state.ifPresent(s -> {
        slotJson.put("active", s.active());
        slotJson.put("retainedWalBytes", s.retainedWalBytes());
      });
      json.put("slot", slotJson);
      json.put("migrationEnded", manifest.flatMap(m -> Optional.ofNullable(m.ended())).isPresent());
      lines.addAll(SlotReport.lines(slot, state, manifest.map(SeamManifest::ended),
          config.replication().retainedWalWarnMb()));
    } catch (Exception e) {
      errors.add("slot: " + e.getMessage());
      lines.add("slot        unknown: " + e.getMessage());
    }
    json.put("errors", errors);
    if (arguments.has("--json")) {
      try {
        System.out.println(JSON.writeValueAsString(json));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      lines.forEach(System.out::println);
    }
    return errors.isEmpty() ? 0 : 2;
  }
}
