package io.seam.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seam.backfill.BackfillRunner;
import io.seam.cdc.StreamFixture;
import io.seam.parity.report.Verdict;
import io.seam.parity.shadow.ShadowReport;
import io.seam.parity.shadow.ShadowRunner;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Shadow reads on the real stack, the stream running and the source under a write load: the team's report
 * queries on PostgreSQL inside the frozen snapshot and on Spark over the tables as of the freeze. A query that
 * agrees is reported agreeing; one that differs only by a time-zone choice is caught and explained, as is a
 * top-N whose order follows the database's linguistic collation (ICU, en-US) on PostgreSQL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShadowIT {
  private static StreamFixture f;
  private static StreamFixture.ApplyInBackground apply;
  private static Path queries;

  @BeforeAll
  static void migrate() throws Exception {
    // A fixed place in the build: notebooks/tests shows this run's shadow report in the parity notebook.
    Path dir = Path.of("target", "shadow-it").toAbsolutePath();
    if (Files.exists(dir)) {
      try (var old = Files.walk(dir)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    // A database whose text sorts by ICU's linguistic collation, as most production databases sort by one.
    StreamFixture.Prepared prepared = StreamFixture.prepare(SharedSpark.session(), "shadow",
        "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'", dir, """
          - name: orders
            day_column: created_at
          - name: customers
        """, List.of(
        // Names in mixed case: PostgreSQL sorts them alice, Bob, carol, ...; Spark Bob, Dave, ..., alice.
        "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)",
        "INSERT INTO customers VALUES (1, 'alice'), (2, 'Bob'), (3, 'carol'), (4, 'Dave'), (5, 'eve'), (6, 'Frank'),"
            + " (7, 'grace'), (8, 'Heidi')",
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, amount numeric(12,2) NOT NULL,"
            + " status text NOT NULL, created_at timestamptz NOT NULL)",
        // Orders every 13 minutes over four days: many on either side of Berlin's midnight.
        "INSERT INTO orders SELECT g, g % 8 + 1, (g % 500) * 1.5 + 0.25, CASE g % 3 WHEN 0 THEN 'new' WHEN 1 THEN"
            + " 'paid' ELSE 'shipped' END, '2024-03-08 00:00+00'::timestamptz + g * interval '13 min'"
            + " FROM generate_series(1, 440) g"),
        "  compaction_interval_seconds: 2\n  compaction_max_age_seconds: 0\n");
    new BackfillRunner(SharedSpark.session(), prepared.config()).run(false, seam -> { });
    f = prepared.stream();
    apply = f.applyInBackground();

    queries = dir.resolve("queries");
    Files.createDirectories(queries);
    Files.writeString(queries.resolve("orders_per_status.sql"),
        "SELECT status, count(*) AS orders, sum(amount) AS revenue FROM orders GROUP BY status;\n");
    // Revenue per Berlin day; the Spark version forgot the zone and buckets by UTC days.
    Files.writeString(queries.resolve("revenue_per_berlin_day.pg.sql"),
        "SELECT date_trunc('day', created_at, 'Europe/Berlin') AS day, count(*) AS orders, sum(amount) AS revenue"
            + " FROM orders WHERE created_at < '2024-03-12' GROUP BY 1");
    Files.writeString(queries.resolve("revenue_per_berlin_day.spark.sql"),
        "SELECT date_trunc('DAY', created_at) AS day, count(*) AS orders, sum(amount) AS revenue"
            + " FROM orders WHERE created_at < '2024-03-12' GROUP BY 1");
    Files.writeString(queries.resolve("top_customers.sql"), "-- the first customers by name, with their spend\n"
        + "-- seam: ordered\nSELECT c.name, sum(o.amount) AS spend FROM customers c JOIN orders o ON o.customer_id"
        + " = c.id WHERE o.created_at < '2024-03-12' GROUP BY c.name ORDER BY c.name LIMIT 4");
  }

  @AfterAll
  static void stop() throws Exception {
    apply.close();
    f.close();
  }

  @Test
  @Order(2)  // last: the notebook test shows the latest run, this one
  void underAWriteLoadAnAgreeingQueryAgreesAndATimeZoneAndACollationDifferenceAreCaughtAndExplained()
      throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong writes = new AtomicLong();
    Thread writer = new Thread(() -> {
      long next = 100_000;
      while (writing.get()) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        f.db.sql("UPDATE orders SET status = 'paid', amount = amount + 1 WHERE id = " + r.nextInt(1, 441),
            "INSERT INTO orders VALUES (" + next++ + ", " + r.nextInt(1, 9) + ", 9.99, 'new', now())");
        writes.incrementAndGet();
        try {
          Thread.sleep(30);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "shadow-writer");
    writer.start();
    ShadowRunner.Outcome o;
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> writes.get() > 50);
      o = new ShadowRunner(f.spark, f.config, queries).run();
      assertThat(writes.get()).as("the writer kept writing through the run").isGreaterThan(50);
    } finally {
      writing.set(false);
      writer.join();
    }

    ShadowReport r = o.report();
    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.DIFFERENCES);
    assertThat(r.verdict().exitCode()).isEqualTo(3);
    assertThat(query(r, "orders_per_status").same()).as("the portable query agrees under load").isTrue();
    assertThat(query(r, "orders_per_status").sourceRows()).isEqualTo(3);

    ShadowReport.QueryResult days = query(r, "revenue_per_berlin_day");
    assertThat(days.same()).isFalse();
    assertThat(days.explanation()).contains("-1 h off", "time-zone choice");
    assertThat(days.listed()).isNotEmpty();

    ShadowReport.QueryResult top = query(r, "top_customers");
    assertThat(top.same()).isFalse();
    assertThat(top.comparedAs()).startsWith("in order");
    assertThat(top.explanation()).contains("linguistic collation", "code point");
    assertThat(top.listed().get(0).source().get(0)).as("ICU: alice, Bob, carol, Dave").isEqualTo("alice");
    assertThat(top.listed().get(0).target().get(0)).as("code points: Bob, Dave, Frank, Heidi").isEqualTo("Bob");

    String html = Files.readString(Path.of(o.htmlPath()));
    assertThat(html).contains("DIFFERENCES", "revenue_per_berlin_day", "time-zone choice", "(PostgreSQL)", "(Spark)");
    assertThat(Path.of(f.config.target().seamPath("shadow/latest.json"))).exists();
    assertThat(f.spark.read().format("delta").load(ShadowRunner.historyPath(f.config.target()))
        .where("run_id = '" + r.runId() + "' AND verdict = 'DIFFERENCES'").count()).isEqualTo(1);
  }

  @Test
  @Order(1)
  void queriesThatAgreeMakeACleanRun() throws Exception {
    Path same = Files.createTempDirectory("seam-shadow-same");
    Files.copy(queries.resolve("orders_per_status.sql"), same.resolve("orders_per_status.sql"));
    ShadowRunner.Outcome o = new ShadowRunner(f.spark, f.config, same).run();
    assertThat(o.report().verdict()).as(o.report().message()).isEqualTo(Verdict.CLEAN);
    assertThat(o.report().verdict().exitCode()).isZero();
  }

  private static ShadowReport.QueryResult query(ShadowReport r, String name) {
    return r.queries().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
  }
}
