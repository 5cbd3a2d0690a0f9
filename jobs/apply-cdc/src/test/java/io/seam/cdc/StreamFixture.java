package io.seam.cdc;

import static org.awaitility.Awaitility.await;

import io.seam.backfill.BackfillRunner;
import io.seam.cdc.debezium.ChangeTopicReset;
import io.seam.cdc.debezium.DebeziumProperties;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.MigrationConfigLoader;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.live.LiveTables;
import io.seam.core.pg.PgCatalog;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.TableRef;
import io.seam.testkit.DebeziumProcess;
import io.seam.testkit.LocalStack;
import io.seam.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A whole migration on the real stack for one test class: a database, its backfill at the seam, the
 * change topic, a Debezium Server streaming the seam slot, and the apply job run in this JVM.
 */
public final class StreamFixture implements AutoCloseable {
  public final TestDatabase db;
  public final MigrationConfig config;
  public final SparkSession spark;
  private final DebeziumProcess debezium;

  private StreamFixture(SparkSession spark, TestDatabase db, MigrationConfig config, DebeziumProcess debezium) {
    this.spark = spark;
    this.db = db;
    this.config = config;
    this.debezium = debezium;
  }

  /** {@code schema} creates and fills the tables; {@code afterSeam} changes them between slot and stream start. */
  public static StreamFixture create(SparkSession spark, String purpose, Path dir, String tablesYaml, List<String> schema,
      List<String> afterSeam) throws Exception {
    return create(spark, purpose, dir, tablesYaml, schema, afterSeam, "");
  }

  /** {@code streamYaml}: further keys under {@code stream:}, each line indented by two spaces. */
  public static StreamFixture create(SparkSession spark, String purpose, Path dir, String tablesYaml, List<String> schema,
      List<String> afterSeam, String streamYaml) throws Exception {
    Prepared p = prepare(spark, purpose, dir, tablesYaml, schema, streamYaml);
    new BackfillRunner(spark, p.config()).run(false, seam -> p.db().sql(afterSeam.toArray(String[]::new)));
    return p.stream();
  }

  /** A database and its migration config, before the backfill: for tests that choreograph the seam. */
  public static Prepared prepare(SparkSession spark, String purpose, Path dir, String tablesYaml, List<String> schema,
      String streamYaml) throws Exception {
    return prepare(spark, purpose, "", dir, tablesYaml, schema, streamYaml);
  }

  /** The same in a database created with further options ({@link TestDatabase#create(String, String)}). */
  public static Prepared prepare(SparkSession spark, String purpose, String databaseOptions, Path dir,
      String tablesYaml, List<String> schema, String streamYaml) throws Exception {
    TestDatabase db = TestDatabase.create(purpose, databaseOptions);
    db.sql(schema.toArray(String[]::new));
    Path file = dir.resolve("migration.yaml");
    Files.writeString(file, db.migrationYaml(tablesYaml, dir.resolve("lake"), db.name() + "_slot",
        "stream:\n  topic_prefix: " + db.name() + "\n  trigger_interval_seconds: 0\n" + streamYaml));
    return new Prepared(spark, db, MigrationConfigLoader.load(file));
  }

  /** After the backfill: the change topic and a Debezium Server on the seam slot. */
  public record Prepared(SparkSession spark, TestDatabase db, MigrationConfig config) {
    public StreamFixture stream() throws Exception {
      Map<String, Object> client = new java.util.HashMap<>(config.stream().kafkaProperties());
      client.put("bootstrap.servers", config.stream().bootstrapServers());
      try (Admin admin = Admin.create(client)) {
        admin.createTopics(List.of(new NewTopic(config.stream().changesTopic(), 1, (short) 1))).all().get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
          throw e;  // exists: a second stream start of this migration (a re-seam)
        }
      }
      Path work = LocalStack.state().resolve("test-streams").resolve(db.name());
      Files.createDirectories(work.resolve("config"));
      var hadoop = spark.sparkContext().hadoopConfiguration();
      var manifest = new ManifestStore(config.target().seamDir(), hadoop).require();
      // What bin/seam stream start does (DebeziumConfigCommand): per-seam offsets, an earlier seam's records gone.
      Path offsets = ChangeTopicReset.offsetsFile(work, manifest);
      ChangeTopicReset.onFirstStart(config, manifest, offsets, hadoop);
      Files.writeString(work.resolve("config/application.properties"), DebeziumProperties.render(
          DebeziumProperties.of(config, manifest, offsets, freePort())));
      return new StreamFixture(spark, db, config, DebeziumProcess.start(work));
    }

    /** Each Debezium gets its own HTTP port: one shared port raced with the previous class's shutdown. */
    private static int freePort() throws java.io.IOException {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      }
    }
  }

  public DebeziumProcess debezium() {
    return debezium;
  }

  public Path configFile() {
    return Path.of(config.target().path()).getParent().resolve("migration.yaml");
  }

  /** The apply job as its own process ({@code bin/seam apply-cdc}, continuous), its output in {@code log}: to kill. */
  public Process startApplyProcess(Path log) throws java.io.IOException {
    ProcessBuilder pb = new ProcessBuilder(LocalStack.home().resolve("bin/seam").toString(), "apply-cdc",
        "--config", configFile().toString()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SEAM_SKIP_BUILD", "1");
    pb.environment().put("SEAM_SPARK_MASTER", "local[2]");
    return pb.start();
  }

  /** How many lines of {@code log} (if it exists yet) contain {@code text}. */
  public static long linesContaining(Path log, String text) throws java.io.IOException {
    return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(text)).count() : 0;
  }

  /** The apply job in this JVM (continuous, in a session of its own) until the handle is closed. */
  public ApplyInBackground applyInBackground() {
    SparkSession session = spark.newSession();
    Thread thread = new Thread(() -> new ApplyCdcRunner(session, config).run(ApplyCdcRunner.Mode.CONTINUOUS),
        "apply-cdc");
    thread.setDaemon(true);
    thread.start();
    return new ApplyInBackground(session, thread);
  }

  /** A running in-JVM apply job; closing stops its stream and waits for it (again: nothing more). */
  public record ApplyInBackground(SparkSession session, Thread thread) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      for (org.apache.spark.sql.streaming.StreamingQuery q : session.streams().active()) {
        try {
          q.stop();
        } catch (java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException("the apply job's stream did not stop: " + e.getMessage(), e);
        }
      }
      thread.join(60_000);
    }
  }

  /** Applies whatever the topic holds now. */
  public void drain() {
    new ApplyCdcRunner(spark, config).run(ApplyCdcRunner.Mode.AVAILABLE_NOW);
  }

  /**
   * Drains until every listed table equals its source (Debezium emits asynchronously), both as analysts read
   * it (the live view) and as the drain's final compaction left the plain base table.
   */
  public void awaitEqual(String... tables) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
      drain();
      for (String t : tables) {
        if (differences(t) != 0 || differences(source(t), base(t)) != 0) {
          return false;
        }
      }
      return true;
    });
  }

  /** Rows in one side and not the other, over the source's columns; tombstones are not rows. */
  public long differences(String table) {
    return differences(source(table), target(table));
  }

  private static long differences(Dataset<Row> source, Dataset<Row> target) {
    Dataset<Row> live = target.where("NOT _seam_deleted").select(
        java.util.Arrays.stream(source.columns()).map(c -> new org.apache.spark.sql.Column("`" + c + "`"))
            .toArray(org.apache.spark.sql.Column[]::new));
    return source.exceptAll(live).count() + live.exceptAll(source).count();
  }

  public Dataset<Row> source(String table) {
    PgConnections c = new PgConnections(config.source());
    Properties p = new Properties();
    p.putAll(c.baseProperties());
    p.setProperty("password", LocalStack.pgPassword());
    return spark.read().jdbc(c.jdbcUrl(), TableRef.parse(table).quoted(), p);
  }

  /** The table as analysts read it: the base overlaid with the change log, pinned now; tombstones included. */
  public Dataset<Row> target(String table) {
    TableRef ref = TableRef.parse(table);
    String path = config.target().tablePath(ref);
    var manifest = new ManifestStore(config.target().seamDir(), spark.sparkContext().hadoopConfiguration()).require();
    List<String> pk = manifest.table(ref.display()).orElseThrow().primaryKey();
    try (java.sql.Connection c = new PgConnections(config.source()).open()) {
      var plan = LiveTables.plan(spark, new PgCatalog(c).describe(ref), pk, path);
      return LiveTables.read(spark, config.target(), plan, path).resolved();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The plain base Delta table: what a reader without Seam's view sees (current after a drain's compaction). */
  public Dataset<Row> base(String table) {
    return spark.read().format("delta").load(config.target().tablePath(TableRef.parse(table)));
  }

  @Override
  public void close() {
    debezium.close();
    db.close();
  }
}
