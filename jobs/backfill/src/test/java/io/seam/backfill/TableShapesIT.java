package io.seam.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seam.core.split.SplitPlan;
import io.seam.core.config.MigrationConfig;
import io.seam.testkit.SharedSpark;
import io.seam.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Page-range splits read every row exactly once whatever the key looks like: skewed, gappy, UUID,
 * composite, TOASTed rows, a mixed-case quoted table, a column named like a keyword. All tables of
 * one migration are read in the same run and the same snapshot.
 */
@ExtendWith(SharedSpark.class)
class TableShapesIT {
  private static TestDatabase db;

  @BeforeAll
  static void database() {
    db = TestDatabase.create("shapes");
    db.sql(
        // 95% of the keys in a range of 1000, the rest spread over billions.
        "CREATE TABLE skewed (id bigint PRIMARY KEY, v int)",
        "INSERT INTO skewed SELECT CASE WHEN g % 20 = 0 THEN g::bigint * 1000003 ELSE g % 1000 + (g / 1000) * 1000000 END,"
            + " g FROM generate_series(1, 30000) g ON CONFLICT DO NOTHING",
        "CREATE TABLE gappy (id int PRIMARY KEY, v int)",
        "INSERT INTO gappy SELECT g * 97, g FROM generate_series(1, 20000) g",
        "DELETE FROM gappy WHERE (id / 97) % 3 = 0",
        "CREATE TABLE by_uuid (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), v int)",
        "INSERT INTO by_uuid (v) SELECT g FROM generate_series(1, 20000) g",
        "CREATE TABLE order_lines (order_id int, line_no int, qty int, PRIMARY KEY (order_id, line_no))",
        "INSERT INTO order_lines SELECT o, l, o + l FROM generate_series(1, 5000) o, generate_series(1, 4) l",
        "CREATE TABLE documents (id int PRIMARY KEY, body text)",
        "INSERT INTO documents SELECT g, repeat(md5(g::text), 400) FROM generate_series(1, 300) g",
        "CREATE TABLE \"Order Events\" (\"EventId\" int PRIMARY KEY, \"select\" text, \"Group\" int)",
        "INSERT INTO \"Order Events\" SELECT g, 'k' || g, g % 7 FROM generate_series(1, 5000) g");
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void everyRowExactlyOnceWhateverTheKey(SparkSession spark, @TempDir Path dir) {
    MigrationConfig config = BackfillFixture.config(db, dir, """
          - name: skewed
          - name: gappy
          - name: by_uuid
          - name: order_lines
          - name: documents
          - name: public."Order Events"
        """, "backfill:\n  splits: 5\n  parallel_tables: 2\n");

    BackfillResult result = new BackfillRunner(spark, config).run(false);

    Map<String, TableResult> byName = result.tables().stream()
        .collect(Collectors.toMap(t -> t.table().name(), Function.identity()));
    assertThat(byName).hasSize(6);
    byName.values().forEach(t -> assertThat(t.plan().kind()).as(t.table().name())
        .isEqualTo(SplitPlan.Kind.PAGE_RANGES));
    assertThat(byName.get("public.skewed").plan().splits()).hasSize(5);

    assertSame(spark, config, "skewed", "count(*), sum(id), sum(v), count(DISTINCT id)",
        "SELECT count(*), sum(id), sum(v), count(DISTINCT id) FROM skewed");
    assertSame(spark, config, "gappy", "count(*), sum(id), count(DISTINCT id)",
        "SELECT count(*), sum(id), count(DISTINCT id) FROM gappy");
    assertSame(spark, config, "by_uuid", "count(*), count(DISTINCT id), sum(v)",
        "SELECT count(*), count(DISTINCT id), sum(v) FROM by_uuid");
    assertSame(spark, config, "order_lines", "count(*), count(DISTINCT order_id, line_no), sum(qty)",
        "SELECT count(*), count(DISTINCT (order_id, line_no)), sum(qty) FROM order_lines");
    assertSame(spark, config, "documents", "count(*), sum(length(body))",
        "SELECT count(*), sum(length(body)) FROM documents");
    assertSame(spark, config, "public.\"Order Events\"", "count(*), sum(`EventId`), count(DISTINCT `select`), sum(`Group`)",
        "SELECT count(*), sum(\"EventId\"), count(DISTINCT \"select\"), sum(\"Group\") FROM \"Order Events\"");

    Row doc = BackfillFixture.target(spark, config, "documents").where("id = 7").first();
    assertThat(doc.<String>getAs("body")).as("a TOASTed value arrives whole")
        .isEqualTo(db.scalar("SELECT body FROM documents WHERE id = 7"));
    assertThat(byName.values()).allSatisfy(t -> assertThat(t.rowsRead()).isEqualTo(t.rowsWritten()));

    // Per-file statistics on the key only (no day column configured): the write's cost stays where it prunes.
    assertThat(statsColumns(spark, config, "order_lines")).containsExactly("line_no", "order_id");
    assertThat(statsColumns(spark, config, "public.\"Order Events\"")).containsExactly("EventId");
    // Parquet's own footer statistics: kept for business columns, skipped for the constant _seam_version.
    Map<String, Boolean> footer = footerHasMinMax(spark, config, "order_lines");
    assertThat(footer).containsEntry("order_id", true).containsEntry("qty", true)
        .containsEntry(io.seam.core.MetadataColumns.VERSION, false);
  }

  /** Per column of one data file: whether its Parquet footer carries min/max statistics. */
  private static Map<String, Boolean> footerHasMinMax(SparkSession spark, MigrationConfig config, String table) {
    String path = config.target().tablePath(io.seam.core.pg.TableRef.parse(table));
    String file = spark.read().format("delta").load(path).inputFiles()[0];
    Map<String, Boolean> out = new java.util.TreeMap<>();
    try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file),
            spark.sparkContext().hadoopConfiguration()))) {
      for (var column : reader.getFooter().getBlocks().get(0).getColumns()) {
        out.put(column.getPath().toDotString(), column.getStatistics() != null && column.getStatistics().hasNonNullValue());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /** The columns with min/max statistics in the table's Delta log. */
  private static Set<String> statsColumns(SparkSession spark, MigrationConfig config, String table) {
    String path = config.target().tablePath(io.seam.core.pg.TableRef.parse(table));
    Set<String> columns = new TreeSet<>();
    for (Row r : spark.read().json(path + "/_delta_log/*.json").where("add.stats IS NOT NULL")
        .select("add.stats").collectAsList()) {
      try {
        new ObjectMapper().readTree(r.getString(0)).path("minValues").fieldNames().forEachRemaining(columns::add);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return columns;
  }

  private static void assertSame(SparkSession spark, MigrationConfig config, String table, String sparkAgg,
      String pgQuery) {
    Row target = BackfillFixture.target(spark, config, table).selectExpr(sparkAgg.split(", (?![^(]*\\))")).first();
    StringBuilder actual = new StringBuilder("(");
    for (int i = 0; i < target.size(); i++) {
      actual.append(i == 0 ? "" : ",").append(target.get(i));
    }
    actual.append(')');
    String expected = db.scalar("SELECT a::text FROM (" + pgQuery + ") a");
    assertThat(actual.toString()).as(table).isEqualTo(expected);
  }
}
