package io.seam.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seam.cdc.ApplyCdcRunner;
import io.seam.cdc.StreamFixture;
import io.seam.core.Lsn;
import io.seam.core.config.MigrationConfig;
import io.seam.parity.compare.DiffClass;
import io.seam.parity.compare.RowDifference;
import io.seam.parity.compare.TableParity;
import io.seam.parity.report.CutoverCheck;
import io.seam.parity.report.Verdict;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parity on the real stack while the stream keeps running: Debezium Server streams the seam slot into
 * Kafka and the apply job runs continuously in this JVM (its own Spark session), a writer keeps
 * changing the source, and parity freezes, waits, compares and reports.
 */
@ExtendWith(SharedSpark.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParityIT {
  private static StreamFixture f;
  private static SparkSession applySession;
  private static Thread applyThread;
  private static final AtomicBoolean writing = new AtomicBoolean();
  private static final AtomicLong writes = new AtomicLong();
  /** The writer's next new order id: above every key the tests insert, and never reused by a later writer. */
  private static final AtomicLong nextOrder = new AtomicLong(100_000);
  private static Thread writer;

  @BeforeAll
  static void migrate() throws Exception {
    // A fixed place in the build: notebooks/tests executes the parity notebook against these reports.
    Path dir = Path.of("target", "parity-it").toAbsolutePath();
    if (Files.exists(dir)) {
      try (var old = Files.walk(dir)) {
        old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    f = StreamFixture.create(SharedSpark.session(), "parity", dir, """
          - name: orders
            day_column: created_at
            day_time_zone: Europe/Berlin
            sum_columns: [amount]
          - name: items
            sum_columns: [qty]
          - name: tellers
            sum_columns: [balance]
        """, List.of(
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, amount numeric(12,2) NOT NULL,"
            + " status text, note text, created_at timestamptz NOT NULL)",
        // Four days of orders, every hour, so several land either side of Berlin's midnight.
        "INSERT INTO orders SELECT g, g % 97, (g % 1000) * 1.25 + 0.99, 'new', CASE WHEN g % 3 = 0 THEN NULL ELSE"
            + " repeat('note ', g % 20) END, '2024-03-08 00:00+00'::timestamptz + g * interval '97 s'"
            + " FROM generate_series(1, 4000) g",
        "CREATE TABLE items (order_id bigint, line int, qty int NOT NULL, PRIMARY KEY (order_id, line))",
        "INSERT INTO items SELECT o, l, o % 7 + l FROM generate_series(1, 4000) o, generate_series(1, 2) l",
        // A hot table, as pgbench's tellers: the writer changes every row of it in every loop. Its filler is
        // stored out of line (TOAST) and never updated, so its changes carry the unchanged-TOAST placeholder.
        "CREATE TABLE tellers (id int PRIMARY KEY, balance bigint NOT NULL, filler text)",
        "INSERT INTO tellers SELECT t, 0, (SELECT string_agg(md5(g::text || t::text || random()::text), '')"
            + " FROM generate_series(1, 400) g) FROM generate_series(1, 10) t"),
        // Folds every two seconds: the injected divergences are written into the base tables once the stream's
        // changes of those keys are folded there.
        List.of(), "  compaction_interval_seconds: 2\n  compaction_max_age_seconds: 0\n");
    applySession = f.spark.newSession();
    applyThread = new Thread(() -> new ApplyCdcRunner(applySession, f.config).run(ApplyCdcRunner.Mode.CONTINUOUS),
        "apply-cdc");
    applyThread.setDaemon(true);
    applyThread.start();
  }

  @AfterAll
  static void stop() throws Exception {
    stopWriter();
    stopStream();
    f.close();
  }

  /** Inserts, updates and deletes on keys above 1000 (the injected divergences use keys below). */
  private static void startWriter() {
    writing.set(true);
    writer = new Thread(() -> {
      try (Connection c = f.db.connect(); Statement st = c.createStatement()) {
        while (writing.get()) {
          ThreadLocalRandom r = ThreadLocalRandom.current();
          long id = r.nextLong(1001, 4001);
          switch (r.nextInt(4)) {
            case 0 -> st.execute("INSERT INTO orders VALUES (" + nextOrder.getAndIncrement() + ", 1, 9.99, 'new', NULL, now())");
            case 1 -> st.execute("DELETE FROM orders WHERE id = " + id);
            default -> {
              c.setAutoCommit(false);
              st.execute("UPDATE orders SET amount = amount + 1, status = 'paid' WHERE id = " + id);
              st.execute("UPDATE items SET qty = qty + 1 WHERE order_id = " + id);
              c.commit();
              c.setAutoCommit(true);
            }
          }
          st.execute("UPDATE tellers SET balance = balance + " + r.nextInt(1, 100));
          writes.incrementAndGet();
          Thread.sleep(15);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "source-writer");
    writer.setDaemon(true);
    writer.start();
  }

  private static void stopWriter() throws InterruptedException {
    writing.set(false);
    if (writer != null) {
      writer.join(10_000);
    }
  }

  private static void stopStream() throws Exception {
    for (StreamingQuery q : applySession.streams().active()) {
      q.stop();
    }
    applyThread.join(60_000);
  }

  private static ParityRunner.Outcome parity(MigrationConfig config) {
    return new ParityRunner(f.spark, config).run();
  }

  @Test
  @Order(1)
  void cleanWhileTheSourceKeepsChangingWithEveryHotRowComparedAsOfTheFreeze() throws Exception {
    startWriter();
    await().atMost(Duration.ofSeconds(60)).until(() -> writes.get() > 200);
    ParityRunner.Outcome o = parity(f.config);
    long during = writes.get();
    stopWriter();

    assertThat(o.verdict()).as(o.report().message() + " " + summary(o)).isEqualTo(Verdict.CLEAN);
    assertThat(o.verdict().exitCode()).isZero();
    assertThat(o.report().tables()).hasSize(3).allMatch(TableParity::clean);
    // The writer kept going through the freeze and the wait, changing every teller in every loop: the target
    // is read exactly as of the freeze, so every one of them is compared, none left out.
    assertThat(during).isGreaterThan(200);
    TableParity tellers = table(o, "public.tellers");
    assertThat(tellers.sourceRows()).isEqualTo(10);
    assertThat(tellers.targetRows()).isEqualTo(10);
    assertThat(tellers.changedAfterFreeze()).isEqualTo(10);
    assertThat(tellers.changedAfterFreezeSample()).hasSize(10).allMatch(k -> k.startsWith("id="));
    assertThat(tellers.logVersion()).isNotNull();
    TableParity orders = table(o, "public.orders");
    assertThat(orders.sourceRows()).isEqualTo(orders.targetRows());
    assertThat(orders.days()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(orders.rowsCompared()).isZero();  // every day agreed: no row was read one by one
    assertThat(Lsn.parse(o.report().appliedLsn()).compareTo(Lsn.parse(o.report().freezeLsn()))).isGreaterThanOrEqualTo(0);
    Path lake = Path.of(f.config.target().path());
    assertThat(lake.resolve("_seam/parity/latest.json")).exists();
    assertThat(Files.readString(lake.resolve("_seam/parity/latest.html"))).contains("CLEAN").contains("<svg");
    // The run's hold on the compactor is gone with it.
    assertThat(lake.resolve("_seam/holds")).isEmptyDirectory();
  }

  @Test
  @Order(2)
  void aDifferenceInAHotRowIsFoundWhileEveryRowOfItKeepsChanging() throws Exception {
    String tellers = "delta.`" + f.config.target().tablePath(io.seam.core.pg.TableRef.parse("tellers")) + "`";
    // Once the writer's changes are folded, a stray writer of the base table changes a teller's filler, which
    // the stream's changes never carry (unchanged TOAST): the live view keeps the stored value.
    long balances = Long.parseLong(f.db.scalar("SELECT sum(balance) FROM tellers"));
    await().atMost(Duration.ofSeconds(60)).until(() ->
        f.spark.sql("SELECT sum(balance) FROM " + tellers).first().getLong(0) == balances);
    f.spark.sql("UPDATE " + tellers + " SET filler = 'tampered' WHERE id = 3");
    try {
      long before = writes.get();
      startWriter();
      await().atMost(Duration.ofSeconds(60)).until(() -> writes.get() > before + 200);
      ParityRunner.Outcome o = parity(f.config);
      stopWriter();

      assertThat(o.verdict()).as(o.report().message() + " " + summary(o)).isEqualTo(Verdict.DIFFERENCES);
      TableParity t = table(o, "public.tellers");
      assertThat(t.changedAfterFreeze()).isEqualTo(10);
      assertThat(t.differences()).singleElement().satisfies(d -> {
        assertThat(d.key()).isEqualTo("id=3");
        assertThat(d.kind()).isEqualTo(DiffClass.VALUE_MISMATCH);
        assertThat(d.columns()).singleElement().satisfies(c -> {
          assertThat(c.column()).isEqualTo("filler");
          assertThat(c.target()).isEqualTo("tampered");
        });
      });
      assertThat(table(o, "public.orders").clean()).isTrue();
      assertThat(table(o, "public.items").clean()).isTrue();
    } finally {
      stopWriter();
      // The source sets the filler anew: the stream carries it over the tampered value.
      f.db.sql("UPDATE tellers SET filler = filler || 'x' WHERE id = 3");
      String filler = f.db.scalar("SELECT filler FROM tellers WHERE id = 3");
      await().atMost(Duration.ofSeconds(60)).until(() ->
          filler.equals(f.spark.sql("SELECT filler FROM " + tellers + " WHERE id = 3").first().getString(0)));
    }
  }

  @Test
  @Order(3)
  void anIdleSourceStillReachesAVerdictThroughTheHeartbeat() {
    ParityRunner.Outcome o = parity(f.config);
    assertThat(o.verdict()).as(o.report().message() + " " + summary(o)).isEqualTo(Verdict.CLEAN);
    // Nothing committed after the freeze but the heartbeat, which the stream applied.
    assertThat(Lsn.parse(o.report().appliedLsn()).isAfter(Lsn.parse(o.report().freezeLsn()))).isTrue();
    assertThat(o.report().changedAfterFreeze()).isZero();
  }

  @Test
  @Order(4)
  void injectedDivergencesAreFoundClassifiedAndReportedInEveryForm() throws Exception {
    f.db.sql("DELETE FROM orders WHERE id = 40");
    // Divergences as a stray writer of the base table would make them, after the delete is folded there.
    String orders = "delta.`" + f.config.target().tablePath(io.seam.core.pg.TableRef.parse("orders")) + "`";
    await().atMost(Duration.ofSeconds(60)).until(() ->
        f.spark.sql("SELECT _seam_deleted FROM " + orders + " WHERE id = 40").first().getBoolean(0));
    f.spark.sql("DELETE FROM " + orders + " WHERE id = 10");                                    // missing
    f.spark.sql("INSERT INTO " + orders + " SELECT 999999, 1, 5.00, 'ghost', NULL, created_at, 0, 'r', false,"
        + " _seam_source_ts, _seam_applied_at FROM " + orders + " WHERE id = 11");                  // extra
    f.spark.sql("UPDATE " + orders + " SET status = 'tampered' WHERE id = 20");                // one column
    f.spark.sql("UPDATE " + orders + " SET amount = amount + 0.01 WHERE id = 30");            // one cent
    f.spark.sql("UPDATE " + orders + " SET _seam_deleted = false WHERE id = 40");             // resurrected
    f.spark.sql("UPDATE " + orders + " SET created_at = created_at + INTERVAL 2 HOURS WHERE id = 50");  // zone

    ParityRunner.Outcome o = parity(f.config);

    assertThat(o.verdict()).as(o.report().message()).isEqualTo(Verdict.DIFFERENCES);
    assertThat(o.verdict().exitCode()).isEqualTo(3);
    TableParity t = table(o, "public.orders");
    assertThat(table(o, "public.items").clean()).isTrue();
    assertThat(table(o, "public.tellers").clean()).isTrue();
    Map<String, RowDifference> byKey = t.differences().stream()
        .collect(Collectors.toMap(RowDifference::key, d -> d));
    assertThat(byKey).containsOnlyKeys("id=10", "id=999999", "id=20", "id=30", "id=40", "id=50");
    assertThat(byKey.get("id=10").kind()).isEqualTo(DiffClass.MISSING_IN_TARGET);
    assertThat(byKey.get("id=999999").kind()).isEqualTo(DiffClass.EXTRA_IN_TARGET);
    assertThat(byKey.get("id=40").kind()).isEqualTo(DiffClass.EXTRA_IN_TARGET);
    assertThat(byKey.get("id=20").kind()).isEqualTo(DiffClass.VALUE_MISMATCH);
    assertThat(byKey.get("id=20").columns()).singleElement().satisfies(c -> {
      assertThat(c.column()).isEqualTo("status");
      assertThat(c.source()).isEqualTo("new");
      assertThat(c.target()).isEqualTo("tampered");
    });
    assertThat(byKey.get("id=30").kind()).isEqualTo(DiffClass.ROUNDING);
    assertThat(byKey.get("id=30").columns()).singleElement().satisfies(c -> assertThat(c.column()).isEqualTo("amount"));
    assertThat(byKey.get("id=50").kind()).isEqualTo(DiffClass.TIME_ZONE_SHIFT);
    assertThat(t.missing()).isEqualTo(1);
    assertThat(t.extra()).isEqualTo(2);
    assertThat(t.mismatched()).isEqualTo(3);
    assertThat(t.sourceRows() - t.targetRows()).isEqualTo(-1);  // one missing, two extra
    assertThat(t.mismatchedDays()).isBetween(1L, 5L);

    // The same findings in the JSON, the HTML page and the Delta tables.
    String json = Files.readString(Path.of(f.config.target().seamPath("parity/reports/" + o.report().runId()
        + "/parity.json")));
    assertThat(json).contains("\"verdict\" : \"DIFFERENCES\"", "\"id=30\"", "ROUNDING", "TIME_ZONE_SHIFT",
        "MISSING_IN_TARGET", "EXTRA_IN_TARGET", "tampered");
    String html = Files.readString(Path.of(o.htmlPath()));
    assertThat(html).contains("DIFFERENCES", "id=20", "tampered", "rounding", "time zone shift", "missing in target",
        "class=\"bad\"");
    List<Row> diffs = f.spark.read().format("delta").load(f.config.target().seamPath("parity/row_diffs"))
        .where("run_id = '" + o.report().runId() + "'").select("key", "class").distinct().collectAsList();
    assertThat(diffs.stream().map(r -> r.getString(0) + " " + r.getString(1)).toList()).containsExactlyInAnyOrder(
        "id=10 MISSING_IN_TARGET", "id=999999 EXTRA_IN_TARGET", "id=40 EXTRA_IN_TARGET", "id=20 VALUE_MISMATCH",
        "id=30 ROUNDING", "id=50 TIME_ZONE_SHIFT");
    assertThat(f.spark.read().format("delta").load(f.config.target().seamPath("parity/summary"))
        .where("run_id = '" + o.report().runId() + "' AND NOT clean").count()).isEqualTo(1);
  }

  @Test
  @Order(5)
  void aStoppedStreamTimesOutWithTheDocumentedMessage() throws Exception {
    stopStream();
    f.db.sql("UPDATE orders SET status = 'late' WHERE id = 2000");
    MigrationConfig impatient = f.config.withParity(f.config.parity().withWait(6, 2));

    ParityRunner.Outcome o = parity(impatient);

    assertThat(o.verdict()).isEqualTo(Verdict.COULD_NOT_RUN);
    assertThat(o.verdict().exitCode()).isEqualTo(2);
    assertThat(o.report().message()).contains("did not reach the freeze position", "parity.wait_timeout_seconds",
        "bin/seam stream status");
    assertThat(Files.readString(Path.of(o.htmlPath()))).contains("COULD NOT RUN");

    // Five runs in the history: clean, differences, clean, differences, could not run: not cutover-ready.
    assertThat(f.spark.read().format("delta").load(f.config.target().seamPath("parity/history")).count()).isEqualTo(5);
    CutoverCheck.Decision d = CutoverCheckJob.decide(f.spark, f.config);
    assertThat(d.ready()).isFalse();
    assertThat(d.reason()).contains("COULD_NOT_RUN");
  }

  private static TableParity table(ParityRunner.Outcome o, String name) {
    return o.report().tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
  }

  private static String summary(ParityRunner.Outcome o) {
    return o.report().tables().stream().map(t -> t.table() + ": " + t.differences().stream().limit(5).toList())
        .collect(Collectors.joining("; "));
  }
}
