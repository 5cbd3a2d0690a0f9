package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.seam.testkit.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL → Debezium Server → Kafka → Spark → Delta, all real. One migration for the class; the
 * tests run in order on it, each making changes and checking the target equals the source.
 */
@ExtendWith(SharedSpark.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplyCdcIT {
  private static StreamFixture f;

  @BeforeAll
  static void migrate() throws Exception {
    Path dir = Files.createTempDirectory("seam-apply-it");
    f = StreamFixture.create(SharedSpark.session(), "apply", dir, """
          - name: orders
          - name: items
          - name: memos
        """, List.of(
        "CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL, status text, note text,"
            + " created_at timestamptz, local_ts timestamp, d date, tags int[], b bytea)",
        "ALTER TABLE orders ALTER COLUMN note SET STORAGE EXTERNAL",
        "INSERT INTO orders SELECT g, g * 1.01, 'new', NULL, '2024-01-01 00:00+00'::timestamptz + g * interval '1h',"
            + " '2024-03-10 02:30'::timestamp, DATE '2024-02-29', ARRAY[g, -g], '\\x00ff' FROM generate_series(1, 500) g",
        "CREATE TABLE items (order_id bigint, line int, qty int NOT NULL, PRIMARY KEY (order_id, line))",
        "INSERT INTO items SELECT o, l, o + l FROM generate_series(1, 500) o, generate_series(1, 2) l",
        "CREATE TABLE memos (id int PRIMARY KEY, body text, extra int)",
        "INSERT INTO memos SELECT g, 'm' || g, g FROM generate_series(1, 10) g"),
        List.of(
            "UPDATE orders SET amount = amount + 100 WHERE id <= 20",
            "DELETE FROM orders WHERE id BETWEEN 21 AND 25",
            "INSERT INTO orders (id, amount, status) VALUES (1001, 1.00, 'between slot and stream')"));
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  @Order(1)
  void changesBetweenSlotAndStreamAndAfterItArriveExactlyOnce() {
    f.db.sql(
        "BEGIN; INSERT INTO orders (id, amount, status, tags, b, local_ts, d) VALUES (2001, 20.01, 'new', ARRAY[7], '\\xbeef',"
            + " '2024-07-01 12:00:00.123456', DATE '1999-12-31'); INSERT INTO items VALUES (2001, 1, 3), (2001, 2, 4); COMMIT",
        "UPDATE orders SET status = 'paid', amount = amount + 0.01 WHERE id BETWEEN 30 AND 60",
        "DELETE FROM items WHERE order_id BETWEEN 70 AND 80",
        "DELETE FROM orders WHERE id = 90",
        "INSERT INTO orders (id, amount, status) VALUES (90, 9.09, 'reinserted')",
        "UPDATE items SET qty = qty * 10 WHERE line = 2 AND order_id < 50");
    f.awaitEqual("orders", "items");
    Row reinserted = f.target("orders").where("id = 90").first();
    assertThat(reinserted.<String>getAs("status")).isEqualTo("reinserted");
    assertThat(reinserted.<Boolean>getAs("_seam_deleted")).isFalse();
    assertThat(f.target("orders").where("id = 21 AND _seam_deleted").count()).as("a tombstone, not a hole").isEqualTo(1);
    assertThat(f.target("orders").where("id = 2001").first().<BigDecimal>getAs("amount"))
        .isEqualTo(new BigDecimal("20.01"));
    Row append = f.spark.sql("DESCRIBE HISTORY delta.`" + io.seam.core.live.ChangeLog.path(f.config.target()) + "`")
        .where("operation = 'WRITE'").orderBy(org.apache.spark.sql.functions.col("version").desc()).first();
    assertThat(append.<String>getAs("userMetadata")).as("each batch's one change-log commit records its applied"
        + " position").matches("\\{\"seam\":\\{\"operation\":\"apply-cdc\",\"app\":\"seam-apply:[^\"]+\",\"batch\":\\d+,"
            + "\"appliedLsn\":\"[0-9A-F]+/[0-9A-F]+\"}}");
    Row merge = f.spark.sql("DESCRIBE HISTORY delta.`" + f.config.target().tablePath(
        io.seam.core.pg.TableRef.parse("orders")) + "`").where("operation = 'MERGE'").orderBy(
        org.apache.spark.sql.functions.col("version").desc()).first();
    assertThat(merge.<String>getAs("userMetadata")).as("the compactor folds a small table in one MERGE")
        .matches("\\{\"seam\":\\{\"operation\":\"compaction\",\"throughBatch\":\\d+,\"step\":\"upserts\"}}");
    assertThat(new io.seam.core.stream.StreamPosition(f.spark, f.config.target()).applied())
        .as("the progress table knows the applied position").isPresent();
  }

  @Test
  @Order(2)
  void theTransactionThatCommitsLastWinsThoughItBeganFirst() throws Exception {
    try (Connection first = f.db.connect(); Connection second = f.db.connect()) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      try (Statement a = first.createStatement(); Statement b = second.createStatement()) {
        a.execute("UPDATE orders SET status = 'first began' WHERE id = 101");
        b.execute("UPDATE orders SET amount = 2.22, status = 'second' WHERE id = 100");
        second.commit();
        a.execute("UPDATE orders SET amount = 1.11, status = 'first committed last' WHERE id = 100");
        first.commit();
      }
    }
    f.awaitEqual("orders");
    Row r = f.target("orders").where("id = 100").first();
    assertThat(r.<String>getAs("status")).isEqualTo("first committed last");
    assertThat(r.<BigDecimal>getAs("amount")).isEqualTo(new BigDecimal("1.11"));
  }

  @Test
  @Order(3)
  void anUntouchedToastedValueKeepsItsValue() {
    f.db.sql("UPDATE orders SET note = (SELECT string_agg(md5(g::text || random()::text), '') FROM generate_series(1, 400) g)"
        + " WHERE id = 200");
    f.awaitEqual("orders");
    f.db.sql("UPDATE orders SET status = 'touched, note untouched' WHERE id = 200");
    f.awaitEqual("orders");
    Row r = f.target("orders").where("id = 200").first();
    assertThat(r.<String>getAs("note")).hasSize(12800).doesNotContain("__debezium_unavailable_value");
    assertThat(r.<String>getAs("status")).isEqualTo("touched, note untouched");
  }

  @Test
  @Order(4)
  void duplicatesAndReplaysChangeNothing() {
    f.awaitEqual("orders", "items");
    Dataset<Row> before = f.target("orders").localCheckpoint();
    List<ConsumerRecord<String, String>> all = readTopic();
    try (KafkaProducer<String, String> producer = producer()) {
      for (ConsumerRecord<String, String> r : all) {
        producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()));
      }
    }
    f.drain();
    Dataset<Row> after = f.target("orders");
    assertThat(after.exceptAll(before).count() + before.exceptAll(after).count())
        .as("replaying " + all.size() + " records changes no row, not even its metadata").isZero();
    assertThat(f.differences("orders")).isZero();

    // What scripts ask (bin/seam stream status --json): the drain read the topic through the replayed copies.
    JsonNode status = statusJson();
    assertThat(status.path("changeTopic").asText()).isEqualTo(f.config.stream().changesTopic());
    assertThat(status.path("topicExists").asBoolean()).isTrue();
    assertThat(status.path("appliedOffset").asLong()).isGreaterThanOrEqualTo(2L * all.size());
    assertThat(status.path("appliedOffset").asLong() + status.path("recordsBehind").asLong())
        .as("what is applied and what is behind make the topic").isEqualTo(status.path("topicEnd").asLong());
    assertThat(status.path("slot").path("exists").asBoolean()).isTrue();
    assertThat(status.path("errors")).isEmpty();
  }

  private static JsonNode statusJson() {
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
    int rc;
    try {
      rc = StreamStatusJob.run(new String[] {"--config", f.configFile().toString(), "--json"});
    } finally {
      System.setOut(out);
    }
    String text = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(rc).as(text).isZero();
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("stream status --json printed no JSON: " + text, e);
    }
  }

  @Test
  @Order(5)
  void aMalformedRecordGoesToTheDeadLetterTableAndTheStreamGoesOn() {
    String garbage = "{\"op\": \"u\", \"after\": {\"id\": 1" + UUID.randomUUID();
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(f.config.stream().changesTopic(), "bad-key", garbage));
    }
    f.db.sql("UPDATE orders SET status = 'after the garbage' WHERE id = 300");
    f.awaitEqual("orders");
    Row dead = f.spark.read().format("delta").load(f.config.target().seamPath("dead_letters"))
        .where(org.apache.spark.sql.functions.col("raw_value").equalTo(garbage)).first();
    assertThat(dead.<String>getAs("raw_key")).isEqualTo("bad-key");
    assertThat(dead.<String>getAs("error")).startsWith("not JSON");
    assertThat(dead.<String>getAs("topic")).isEqualTo(f.config.stream().changesTopic());
    assertThat(dead.<Long>getAs("offset")).isNotNull();

    // A well-formed change whose value does not convert to its column's type: a dead letter with its raw record.
    ConsumerRecord<String, String> change = readTopic().stream()
        .filter(r -> r.value() != null && r.value().contains("\"table\":\"orders\"") && r.value().contains("\"amount\":\""))
        .findFirst().orElseThrow();
    String unconvertible = change.value().replaceFirst("\"amount\":\"[^\"]*\"", "\"amount\":\"not a number\"");
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(change.topic(), change.key(), unconvertible));
    }
    f.db.sql("UPDATE orders SET status = 'after the unconvertible value' WHERE id = 301");
    f.awaitEqual("orders");
    Row bad = f.spark.read().format("delta").load(f.config.target().seamPath("dead_letters"))
        .where(org.apache.spark.sql.functions.col("raw_value").equalTo(unconvertible)).first();
    assertThat(bad.<String>getAs("table_name")).isEqualTo("public.orders");
    assertThat(bad.<String>getAs("raw_key")).isEqualTo(change.key());
    assertThat(bad.<String>getAs("error")).isEqualTo("column amount: cannot convert not a number to DECIMAL(12,2)");
  }

  @Test
  @Order(6)
  void anAddedSourceColumnIsAddedToTheTarget() {
    f.db.sql("ALTER TABLE orders ADD COLUMN coupon text", "UPDATE orders SET coupon = 'SPRING' WHERE id = 400");
    f.awaitEqual("orders");
    assertThat(f.target("orders").columns()).contains("coupon");
    assertThat(f.target("orders").where("id = 400").first().<String>getAs("coupon")).isEqualTo("SPRING");
  }

  @Test
  @Order(7)
  void aDroppedColumnStopsTheStreamWithTheDocumentedError() {
    f.db.sql("ALTER TABLE memos DROP COLUMN extra", "UPDATE memos SET body = 'after drop' WHERE id = 1");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
        assertThatThrownBy(f::drain).hasMessageContaining("table public.memos: column(s) [extra] are no longer at"
            + " the source (dropped or renamed). Seam stopped the stream rather than write NULLs. Way forward: see"
            + " docs/stream.md#schema-changes"));
  }

  private static List<ConsumerRecord<String, String>> readTopic() {
    Properties p = new Properties();
    p.put("bootstrap.servers", f.config.stream().bootstrapServers());
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(f.config.stream().changesTopic(), 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      while (c.position(tp) < end) {
        c.poll(Duration.ofSeconds(2)).forEach(out::add);
      }
    }
    return out;
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(Map.of("bootstrap.servers", f.config.stream().bootstrapServers()),
        new StringSerializer(), new StringSerializer());
  }
}
