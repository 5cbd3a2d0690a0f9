package io.seam.backfill.writer;

import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.seam.core.ChangeVersion;
import io.seam.core.MetadataColumns;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TypeMapping;
import io.seam.core.spark.SparkIdentifiers;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Writes one backfilled table to Delta: creates the table (business columns in their exact types,
 * the metadata columns, the seam as table properties), then appends the rows in one commit whose
 * commit metadata records the seam. A table either has that commit or has no rows at all.
 */
public final class DeltaTableWriter {
  public static final String PROP_SEAM_LSN = "seam.seamLsn";
  public static final String PROP_SLOT = "seam.slot";
  public static final String PROP_SOURCE_TABLE = "seam.sourceTable";
  public static final String PROP_PRIMARY_KEY = "seam.primaryKey";
  /**
   * Parquet's own footer statistics (min/max per row group) of {@code _seam_version}, a decimal(38,0):
   * Parquet compares every value as a 16-byte signed integer, which profiling put at a sixth of the
   * backfill's executor time, for a column that is 0 in every backfilled row and that no reader filters on.
   * (Delta's per-file statistics are separate: see {@link #statsColumns}.)
   */
  static final String NO_VERSION_FOOTER_STATS = "parquet.column.statistics.enabled#" + MetadataColumns.VERSION;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final boolean deletionVectors;

  public DeltaTableWriter(SparkSession spark, boolean deletionVectors) {
    this.spark = spark;
    this.deletionVectors = deletionVectors;
    // Session SQL settings reach the Hadoop configuration every Parquet writer of this session reads.
    spark.conf().set(NO_VERSION_FOOTER_STATS, "false");
  }

  /** The outcome of one table's write. */
  public record Written(long deltaVersion, long rows) {}

  public Written write(Dataset<Row> source, TableDescription table, List<String> primaryKey, String dayColumn,
      String path, SeamStamp stamp) {
    create(table, primaryKey, dayColumn, path, stamp);
    Dataset<Row> rows = withMetadata(source, table, stamp);
    rows.write().format("delta").mode("append")
        .option("userMetadata", json(Map.of("seam", Map.of("operation", "backfill", "slot", stamp.slot(),
            "seamLsn", stamp.seam().toString(), "snapshot", stamp.snapshotName()))))
        .save(path);
    Row last = DeltaTable.forPath(spark, path).history(1).select("version", "operationMetrics").first();
    Map<String, String> metrics = last.getJavaMap(1);
    long written = metrics == null ? -1 : Long.parseLong(metrics.getOrDefault("numOutputRows", "-1"));
    return new Written(last.getLong(0), written);
  }

  /**
   * Per-file min/max statistics only where they prune: the key (the stream's MERGE joins on it) and the
   * day column (parity's and analysts' day filters). Collecting them on every column made the backfill's
   * Delta write several times slower (BENCHMARKS.md); ALTER TABLE ... SET TBLPROPERTIES widens the list.
   */
  static String statsColumns(List<String> primaryKey, String dayColumn) {
    List<String> cols = new ArrayList<>(primaryKey);
    if (dayColumn != null && !cols.contains(dayColumn)) {
      cols.add(dayColumn);
    }
    // Delta splits the property on commas before it reads back-quoted names: a name with a comma (or a
    // back quote) cannot be listed and simply gets no statistics.
    return String.join(",", cols.stream().filter(c -> c.indexOf(',') < 0 && c.indexOf('`') < 0)
        .map(c -> "`" + c + "`").toList());
  }

  private void create(TableDescription table, List<String> primaryKey, String dayColumn, String path,
      SeamStamp stamp) {
    DeltaTableBuilder b = DeltaTable.create(spark).location(path)
        .addColumns(TypeMapping.schemaOf(table));
    for (StructField f : MetadataColumns.FIELDS) {
      b = b.addColumn(f);
    }
    b.property("delta.enableDeletionVectors", Boolean.toString(deletionVectors))
        .property("delta.dataSkippingStatsColumns", statsColumns(primaryKey, dayColumn))
        .property(PROP_SEAM_LSN, stamp.seam().toString())
        .property(PROP_SLOT, stamp.slot())
        .property(PROP_SOURCE_TABLE, table.table().display())
        .property(PROP_PRIMARY_KEY, json(primaryKey))
        .execute();
  }

  static Dataset<Row> withMetadata(Dataset<Row> source, TableDescription table, SeamStamp stamp) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : TypeMapping.schemaOf(table).fields()) {
      cols.add(source.col(SparkIdentifiers.quote(f.name())));
    }
    cols.add(lit(ChangeVersion.BACKFILL.toDecimal())
        .cast(DataTypes.createDecimalType(ChangeVersion.PRECISION, 0)).as(MetadataColumns.VERSION));
    cols.add(lit(MetadataColumns.OP_BACKFILL).as(MetadataColumns.OP));
    cols.add(lit(false).as(MetadataColumns.DELETED));
    cols.add(lit(Timestamp.from(stamp.snapshotTime())).as(MetadataColumns.SOURCE_TS));
    cols.add(current_timestamp().as(MetadataColumns.APPLIED_AT));
    return source.select(cols.toArray(Column[]::new));
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
