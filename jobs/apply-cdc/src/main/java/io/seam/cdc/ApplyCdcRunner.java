package io.seam.cdc;

import io.seam.cdc.batch.BatchApplier;
import io.seam.cdc.compact.Compactor;
import io.seam.cdc.status.ApplierHeartbeat;
import io.seam.cdc.debezium.ChangeTopicReset;
import io.seam.cdc.debezium.ChangeTopicStart;
import io.seam.core.config.MigrationConfig;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply-cdc streaming query: the migration's change topic from its earliest offset (it holds
 * only post-seam changes), a checkpoint beside the target, and {@link BatchApplier} per micro-batch.
 */
public final class ApplyCdcRunner {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.cdc");

  /** Run until stopped, or drain what is in the topic now and stop (tests, catch-up runs). */
  public enum Mode { CONTINUOUS, AVAILABLE_NOW }

  private final SparkSession spark;
  private final MigrationConfig config;

  public ApplyCdcRunner(SparkSession spark, MigrationConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /**
   * Where a fresh checkpoint starts (Spark ignores this once the checkpoint exists): exactly where this
   * seam's changes begin, as recorded at its first stream start. "Earliest" would silently skip records
   * retention deleted before the first batch; an exact start turns such a gap into the data-loss stop.
   */
  private String startingOffsets(SeamManifest manifest, String topic) {
    var hadoop = spark.sparkContext().hadoopConfiguration();
    if (ChangeTopicReset.applyHasCommitted(config, hadoop)) {
      return "earliest";
    }
    var recorded = ChangeTopicStart.read(config, hadoop);
    if (recorded.isPresent()) {
      ChangeTopicStart start = recorded.get();
      if (!start.seamLsn().equals(manifest.seamLsn()) || !start.topic().equals(topic)) {
        throw new IllegalStateException("the change topic's recorded start (" + config.target().seamPath(
            ChangeTopicStart.FILE) + ") is for topic " + start.topic() + " at seam " + start.seamLsn() + ", not " + topic
            + " at seam " + manifest.seamLsn() + ": start the stream with bin/seam stream start, which records it");
      }
      return start.startingOffsetsJson();
    }
    // Debezium was started some other way: then the topic must still hold everything since the seam.
    ChangeTopicReset.logStarts(config).forEach((partition, first) -> {
      if (first > 0) {
        throw new IllegalStateException("change topic offsets are gone: " + topic + "-" + partition + " begins at offset "
            + first + " and no start was recorded for this seam, so records may have been deleted before they were"
            + " applied. Re-seam: bin/seam backfill --restart, then bin/seam stream start");
      }
    });
    return "earliest";
  }

  public void run(Mode mode) {
    SeamManifest manifest = new ManifestStore(config.target().seamDir(), spark.sparkContext().hadoopConfiguration())
        .require();
    // Debezium's adaptive times are decoded as UTC wall clocks; the session zone must not shift them.
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    String topic = config.stream().changesTopic();
    io.seam.cdc.batch.BacklogListener backlog = new io.seam.cdc.batch.BacklogListener();
    spark.streams().addListener(backlog);
    // Batches and the compactor share the cores: each in its pool, so a fold's long stages do not queue the
    // batches that keep the tables fresh (spark.scheduler.mode FAIR, SeamSpark).
    spark.sparkContext().setLocalProperty("spark.scheduler.pool", BatchApplier.BATCH_POOL);
    try (ApplierHeartbeat heartbeat = ApplierHeartbeat.start(spark, config.target(), mode.name())) {
      try {
        consume(mode, manifest, topic);
        heartbeat.stop(mode == Mode.AVAILABLE_NOW ? "drained what the topic held (--available-now)" : "stopped");
      } catch (RuntimeException e) {
        heartbeat.stop("failed: " + io.seam.core.Causes.explanation(e));
        throw e;
      }
    } finally {
      spark.streams().removeListener(backlog);
    }
  }

  private void consume(Mode mode, SeamManifest manifest, String topic) {
    try (BatchApplier applier = new BatchApplier(spark, config, manifest);
        Compactor compactor = new Compactor(spark, config, manifest, applier.targets())) {
      var reader = spark.readStream().format("kafka");
      for (var e : config.stream().kafkaProperties().entrySet()) {
        reader = reader.option("kafka." + e.getKey(), e.getValue());  // TLS and other client settings
      }
      Dataset<Row> kafka = reader
          .option("kafka.bootstrap.servers", config.stream().bootstrapServers())
          .option("subscribe", topic)
          .option("startingOffsets", startingOffsets(manifest, topic))
          .option("failOnDataLoss", "true")
          // The topic has one partition (commit order); let several tasks parse a large offset range.
          .option("minPartitions", Integer.toString(Math.max(1, spark.sparkContext().defaultParallelism())))
          .option("maxOffsetsPerTrigger", Integer.toString(config.stream().maxOffsetsPerTrigger()))
          .load();
      if (mode == Mode.CONTINUOUS) {
        compactor.deleteLeftovers();
      }
      StreamingQuery query = kafka.writeStream()
          .queryName("seam-apply-cdc")
          .option("checkpointLocation", config.target().seamPath(io.seam.core.stream.StreamPosition.CHECKPOINT))
          .trigger(mode == Mode.AVAILABLE_NOW ? Trigger.AvailableNow()
              : Trigger.ProcessingTime(config.stream().triggerIntervalSeconds() * 1000L))
          .foreachBatch((VoidFunction2<Dataset<Row>, Long>) applier::apply)
          .start();
      LOG.info("apply-cdc: reading {} at {} from seam {} (slot {}) into {}", topic,
          config.stream().bootstrapServers(), manifest.seamLsn(), manifest.slot(), config.target().path());
      if (mode == Mode.CONTINUOUS) {
        compactor.start(Duration.ofSeconds(config.stream().compactionIntervalSeconds()));
      }
      query.awaitTermination();
      if (mode == Mode.AVAILABLE_NOW) {
        // A drain leaves the base tables current for readers of the plain Delta tables. The log keeps the folded
        // rows: deleting them is the running compactor's, a round after it folded them (see Compactor).
        compactor.round(false, true);
      }
    } catch (StreamingQueryException e) {
      throw new IllegalStateException(StreamStops.explain(e, config.target().path(), config.stream()), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("apply-cdc could not start its streaming query: " + e.getMessage(), e);
    }
  }

}
