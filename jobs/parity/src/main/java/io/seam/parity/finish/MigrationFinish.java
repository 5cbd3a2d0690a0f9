package io.seam.parity.finish;

import io.seam.core.config.MigrationConfig;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.ReplicationObjects;
import io.seam.core.pg.SourceException;
import io.seam.parity.CutoverCheckJob;
import io.seam.parity.ParityRunner;
import io.seam.parity.report.CutoverCheck;
import io.seam.parity.report.ReportTables;
import io.seam.parity.report.Verdict;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration's end ({@code bin/seam finish}, docs/parity.md "Finishing the migration"), in two steps around
 * stopping the stream. {@link #verify} runs while the stream still runs: the migration must be cutover-ready
 * (unless forced) and a final parity run, once the source's writes have moved, must be clean. {@link #retire}
 * runs once the stream is stopped: it drops the seam slot (which otherwise retains the source's WAL until its
 * disk fills) and the publication, and records the end in the manifest, after which no job runs on this seam.
 * Both are safe to run again: a finished migration says so and changes nothing.
 */
public final class MigrationFinish {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");

  /** A step's exit code (0 go on, 3 refused, 2 could not) and what it says. */
  public record Step(int exitCode, String message) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private final SparkSession spark;
  private final MigrationConfig config;
  private final ManifestStore store;

  public MigrationFinish(SparkSession spark, MigrationConfig config) {
    this.spark = spark;
    this.config = config;
    this.store = new ManifestStore(config.target().seamDir(), spark.sparkContext().hadoopConfiguration());
  }

  /** Cutover-ready (or {@code force}), then a final parity run: its verdict decides. */
  public Step verify(boolean force) {
    Optional<Step> ended = alreadyEnded();
    if (ended.isPresent()) {
      return ended.get();
    }
    CutoverCheck.Decision ready = CutoverCheckJob.decide(spark, config);
    if (!ready.ready()) {
      if (!force) {
        return new Step(3, "not finishing: " + ready.reason() + ". Finish once cutover-check says ready, or pass"
            + " --force to finish on the final parity run alone");
      }
      LOG.warn("finishing although not cutover-ready (--force): {}", ready.reason());
    }
    ParityRunner.Outcome o = new ParityRunner(spark, config).run();
    if (o.verdict() != Verdict.CLEAN) {
      return new Step(o.verdict().exitCode(), "not finishing: the final parity run " + o.report().runId() + " is "
          + o.verdict() + (o.report().message() == null ? "" : " (" + o.report().message() + ")") + "; report "
          + o.htmlPath() + ". The stream keeps running; finish again once parity is clean");
    }
    return new Step(0, "final parity run " + o.report().runId() + " CLEAN at " + o.report().freezeLsn() + ": "
        + o.report().tables().size() + " table(s) agree exactly as of the freeze");
  }

  /** With the stream stopped: the latest parity run must be clean; drop the slot and publication; record it. */
  public Step retire(boolean force) {
    Optional<Step> ended = alreadyEnded();
    if (ended.isPresent()) {
      return ended.get();
    }
    SeamManifest manifest = store.require();
    Optional<CutoverCheck.Run> latest = latestRun();
    if (latest.isEmpty() || latest.get().verdict() != Verdict.CLEAN) {
      return new Step(3, "not finishing: the latest parity run " + latest.map(r -> r.runId() + " is "
          + r.verdict()).orElse("does not exist") + "; run bin/seam finish, which runs a final parity first");
    }
    String finalRun = latest.get().runId();
    String topic = config.stream().changesTopic();
    long retained;
    try (Connection c = new PgConnections(config.source()).open()) {
      ReplicationObjects objects = new ReplicationObjects(c);
      retained = objects.slot(manifest.slot()).map(ReplicationObjects.SlotState::retainedWalBytes).orElse(0L);
      objects.dropSlot(manifest.slot(), "finishing the migration");
      objects.dropPublication(manifest.publication());
    } catch (SourceException e) {
      return new Step(2, "not finishing: " + e.getMessage());
    } catch (SQLException e) {
      return new Step(2, "cannot reach the source to drop the slot " + manifest.slot() + ": " + e.getMessage());
    }
    SeamManifest.MigrationEnd end = new SeamManifest.MigrationEnd(Instant.now().toString(), finalRun,
        force && !CutoverCheckJob.decide(spark, config).ready(), retained, topic);
    store.write(manifest.endedBy(end));
    return new Step(0, "migration finished on parity run " + finalRun + ": slot " + manifest.slot() + " dropped"
        + " (it retained " + String.format("%,.1f", retained / 1048576.0) + " MB of WAL) and publication "
        + manifest.publication() + " dropped; the Delta tables stay where they are, the change topic " + topic
        + " stays in Kafka until its retention deletes it (delete it sooner with kafka-topics.sh --delete"
        + " --topic " + topic + "); recorded in " + store.location());
  }

  private Optional<Step> alreadyEnded() {
    return store.read().map(SeamManifest::ended).map(e -> new Step(0, "this migration was already finished at "
        + e.at() + " on parity run " + e.finalParityRun() + "; nothing to do"));
  }

  private Optional<CutoverCheck.Run> latestRun() {
    return ReportTables.runs(spark, ReportTables.historyPath(config.target())).stream()
        .max(java.util.Comparator.comparing(CutoverCheck.Run::finishedAt));
  }
}
