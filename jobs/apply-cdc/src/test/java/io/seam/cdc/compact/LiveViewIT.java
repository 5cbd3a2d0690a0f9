package io.seam.cdc.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.cdc.batch.TableTarget;
import io.seam.core.MetadataColumns;
import io.seam.core.config.StreamConfig;
import io.seam.core.config.TableConfig;
import io.seam.core.live.ChangeLog;
import io.seam.core.live.LiveTablePlan;
import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TableRef;
import io.seam.testkit.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live view (base overlaid with the change log) and the compactor's fold are one definition: for every
 * case the stream meets (newer and stale versions, a tie between a logged change and its folded copy,
 * unchanged-TOAST placeholders resolved from the log or from the base, deletes of known and of unknown keys,
 * new keys), reading the view, folding the log into the base, and reading the folded base alone all give
 * the same rows. Spark and Delta only: the log is written as the batches write it.
 */
class LiveViewIT {
  private static final String TOAST = "__debezium_unavailable_value";
  private static final TableRef ACCT = new TableRef("public", "acct");
  private static final Timestamp T0 = Timestamp.valueOf("2026-01-01 00:00:00");
  private final SparkSession spark = SharedSpark.session();

  @ParameterizedTest(name = "fold in {0} MERGE step(s)")
  @ValueSource(ints = {1, 2})
  void theViewTheFoldAndTheFoldedBaseAgree(int mergeSteps) throws Exception {
    Path dir = Files.createTempDirectory("seam-live-view-it");
    String base = dir.resolve("base").toString();
    String log = dir.resolve("changes").toString();
    writeBase(base);
    ChangeLog.ensure(spark, log);
    ChangeLog.append(logRows(), log, "test:changes", 1, null);
    TableTarget target = target(base);
    LiveTablePlan plan = target.plan();

    List<String> viewed = rows(plan.resolvedSql(relation(base), relation(log)));
    assertThat(viewed).as("the view").containsExactlyInAnyOrder(
        "1|10|a|false|u|100", "2|21|b2|false|u|200", "3|3|c|true|d|150", "4|4|d|false|r|0", "5|50|e|false|u|130",
        "6|null|null|true|d|160");

    spark.read().format("delta").load(log).createOrReplaceTempView("seam_test_log");
    StreamConfig stream = StreamConfig.defaults().withFoldLimits(100, mergeSteps == 1 ? 64 : 0);
    long merged = TableCompaction.run(spark, target, "seam_test_log", new MergeCommit("test-compact", "public.acct", 1),
        stream);
    assertThat(merged).as("rows the fold changed: all but the tie").isEqualTo(5);
    assertThat(rows(plan.resolvedSql(relation(base), relation(log)))).as("the view over the folded base")
        .containsExactlyInAnyOrderElementsOf(viewed);
    assertThat(rows(plan.resolvedSql(relation(base), ChangeLog.emptyRelation()))).as("the folded base alone")
        .containsExactlyInAnyOrderElementsOf(viewed);

    long folded = spark.sql("DESCRIBE HISTORY delta.`" + base + "`").count();
    assertThat(TableCompaction.run(spark, target, "seam_test_log", new MergeCommit("test-compact", "public.acct", 1),
        stream)).as("a round redone after it committed is skipped").isZero();
    assertThat(spark.sql("DESCRIBE HISTORY delta.`" + base + "`").count()).as("no commit").isEqualTo(folded);
    assertThat(TableCompaction.run(spark, target, "seam_test_log", new MergeCommit("test-compact", "public.acct", 2),
        stream)).as("folding the same rows again under a new marker changes nothing").isZero();
    assertThat(rows(plan.resolvedSql(relation(base), ChangeLog.emptyRelation()))).containsExactlyInAnyOrderElementsOf(viewed);
  }

  @Test
  void aTableWithoutLoggedChangesReadsAsItsBase() throws Exception {
    Path dir = Files.createTempDirectory("seam-live-view-it");
    String base = dir.resolve("base").toString();
    writeBase(base);
    LiveTablePlan plan = target(base).plan();
    assertThat(rows(plan.liveSql(relation(base), ChangeLog.emptyRelation()))).containsExactlyInAnyOrder(
        "1|1|a|false|r|0", "2|2|b|false|r|0", "3|3|c|false|r|0", "4|4|d|false|r|0");
  }

  /** Four backfilled rows (version 0). */
  private void writeBase(String path) {
    StructType schema = new StructType().add("id", DataTypes.IntegerType, false).add("v", DataTypes.IntegerType)
        .add("note", DataTypes.StringType);
    for (var f : MetadataColumns.FIELDS) {
      schema = schema.add(f);
    }
    List<Row> rows = new ArrayList<>();
    String[] notes = {"a", "b", "c", "d"};
    for (int i = 1; i <= 4; i++) {
      rows.add(RowFactory.create(i, i, notes[i - 1], BigDecimal.ZERO, MetadataColumns.OP_BACKFILL, false, null, T0));
    }
    spark.createDataFrame(rows, schema).write().format("delta").save(path);
  }

  /** Changes as the batches log them: (key, version, op, image of id, v, note). */
  private Dataset<Row> logRows() {
    List<Row> rows = List.of(
        change(1, 100, "u", "1", "10", TOAST),          // placeholder: the base's note stays
        change(2, 101, "u", "2", "20", "b2"),
        change(2, 200, "u", "2", "21", TOAST),          // placeholder: the log's earlier note wins
        change(3, 150, "d", "3", null, null),           // delete of a known key: a tombstone keeping its values
        change(4, 0, "u", "4", "40", "stale"),          // the same version as the base: the base wins the tie
        change(5, 120, "c", "5", "5", "e"),
        change(5, 130, "u", "5", "50", TOAST),
        change(6, 140, "c", "6", "6", "f"),
        change(6, 160, "d", "6", null, null));          // a key inserted and deleted: a tombstone
    return spark.createDataFrame(rows, ChangeLog.SCHEMA);
  }

  private static Row change(int offset, long version, String op, String... image) {
    return RowFactory.create("public.acct", 1L, BigDecimal.valueOf(version), op, 1_000_000L * version,
        Timestamp.valueOf("2026-01-02 00:00:00"), (long) offset, Arrays.asList(image).toArray(String[]::new));
  }

  private static TableTarget target(String basePath) {
    List<ColumnInfo> columns = List.of(column("id", 1, "int4"), column("v", 2, "int4"), column("note", 3, "text"));
    TableDescription d = new TableDescription(ACCT, 'r', 0, 8192, 4, 'd', columns, List.of("id"));
    return new TableTarget(new TableConfig(ACCT, List.of(), null, "UTC", List.of()), basePath, List.of("id"), d,
        List.of(DataTypes.createStructField("id", DataTypes.IntegerType, false),
            DataTypes.createStructField("v", DataTypes.IntegerType, true),
            DataTypes.createStructField("note", DataTypes.StringType, true)));
  }

  private static ColumnInfo column(String name, int ordinal, String type) {
    return new ColumnInfo(name, ordinal, type, type, 'b', -1, false, null, (char) 0);
  }

  private static String relation(String path) {
    return ChangeLog.relation(path, java.util.Optional.empty());
  }

  private List<String> rows(String sql) {
    return spark.sql(sql).selectExpr("concat_ws('|', coalesce(CAST(id AS STRING), 'null'), coalesce(CAST(v AS STRING),"
        + " 'null'), coalesce(note, 'null'), CAST(_seam_deleted AS STRING), _seam_op, CAST(_seam_version AS STRING))")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }
}
