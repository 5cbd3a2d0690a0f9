package io.seam.cdc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Source schema changes Seam cannot apply exactly stop the stream with the documented message. */
class SchemaStopsIT {
  private static final List<String> SCHEMA = List.of("CREATE TABLE t (id int PRIMARY KEY, qty int)",
      "INSERT INTO t SELECT g, g FROM generate_series(1, 20) g");

  @Test
  void aRetypedColumnStops() throws Exception {
    try (StreamFixture f = StreamFixture.create(SharedSpark.session(), "retype",
        Files.createTempDirectory("seam-retype-it"), "  - name: t\n", SCHEMA, List.of())) {
      f.db.sql("ALTER TABLE t ALTER COLUMN qty TYPE numeric(10,2)", "UPDATE t SET qty = 1.5 WHERE id = 1");
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThatThrownBy(f::drain)
          .hasMessageContaining("table public.t: column \"qty\" changed type at the source: it is now numeric(10,2)"
              + " (DECIMAL(10,2)) but the target holds INT. Seam stopped the stream rather than reinterpret values."));
    }
  }

  @Test
  void aColumnAddedWithADefaultForExistingRowsStops() throws Exception {
    try (StreamFixture f = StreamFixture.create(SharedSpark.session(), "adddefault",
        Files.createTempDirectory("seam-default-it"), "  - name: t\n", SCHEMA, List.of())) {
      f.db.sql("ALTER TABLE t ADD COLUMN region text DEFAULT 'EU'", "UPDATE t SET qty = 2 WHERE id = 1");
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThatThrownBy(f::drain)
          .hasMessageContaining("table public.t: column \"region\" was added with a default that fills existing"
              + " rows; those values never appear in the change stream, so Seam stopped rather than leave them NULL."));
    }
  }

  @Test
  void aTruncateStopsInsteadOfLeavingTheRowsBehind() throws Exception {
    try (StreamFixture f = StreamFixture.create(SharedSpark.session(), "truncate",
        Files.createTempDirectory("seam-truncate-it"), "  - name: t\n", SCHEMA, List.of())) {
      f.db.sql("UPDATE t SET qty = 0 WHERE id = 1");
      f.awaitEqual("public.t");
      f.db.sql("TRUNCATE t", "INSERT INTO t VALUES (100, 100)");
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThatThrownBy(f::drain)
          .hasMessageContaining("table public.t was truncated at the source (change topic offset ")
          .hasMessageContaining("Seam stopped the stream rather than keep rows the source no longer has."));
    }
  }
}
