package io.seam.cdc.batch;

import io.seam.core.live.ColumnDecoding;
import io.seam.core.config.TableConfig;
import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.Identifiers;
import io.seam.core.pg.PgCatalog;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target table and how its change events decode. Follows the source's schema: a new column is
 * added to the Delta table; a dropped, renamed or retyped column stops the stream with a clear error
 * (writing NULLs or reinterpreted values would corrupt the target silently).
 */
public final class TableTarget {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.cdc");

  private final TableConfig config;
  private final String path;
  private final List<String> primaryKey;
  // Replaced, never mutated, by the batch thread when a column is added; the compactor reads it.
  private volatile List<ColumnDecoding> decodings;

  /**
   * {@code targetColumns} are the Delta table's business columns: what the target holds decides what
   * is known, so a column added at the source while the job was down is still seen as new.
   */
  public TableTarget(TableConfig config, String path, List<String> primaryKey, TableDescription description,
      List<StructField> targetColumns) {
    this.config = config;
    this.path = path;
    this.primaryKey = List.copyOf(primaryKey);
    this.decodings = decodingsFor(description, targetColumns.stream().map(StructField::name).toList());
    for (StructField f : targetColumns) {
      requireSameType(f.name(), f.dataType(), description);
    }
  }

  private List<ColumnDecoding> decodingsFor(TableDescription source, List<String> targetColumns) {
    List<ColumnDecoding> out = new ArrayList<>();
    for (String c : targetColumns) {
      ColumnInfo info = source.column(c).orElseThrow(() -> SchemaChangeException.dropped(name(), List.of(c)));
      out.add(ColumnDecoding.of(source, info));
    }
    return out;
  }

  public String name() {
    return config.table().display();
  }

  public String path() {
    return path;
  }

  public List<String> primaryKey() {
    return primaryKey;
  }

  public List<ColumnDecoding> decodings() {
    return decodings;
  }

  /**
   * The Delta table's size in bytes as of the job's latest snapshot of it (the job is its writer; the
   * MERGE that follows needs that snapshot's state anyway, so asking costs nothing extra).
   */
  public long sizeInBytes(SparkSession spark) {
    return DeltaLog.forTable(spark, path).unsafeVolatileSnapshot().sizeInBytes();
  }

  /** How this table reads as base + change log, with the columns known now. */
  public io.seam.core.live.LiveTablePlan plan() {
    return new io.seam.core.live.LiveTablePlan(logName(), decodings, primaryKey);
  }

  /** The table as Debezium names it in every change: the change log's key. */
  public String logName() {
    return config.table().streamName();
  }

  public io.seam.core.live.LiveTables.View view() {
    return new io.seam.core.live.LiveTables.View(plan(), path);
  }

  public List<String> columns() {
    return decodings.stream().map(ColumnDecoding::column).toList();
  }

  /**
   * Checks the field lists the batch's events carry against the known columns and the source
   * catalog; evolves the target for added columns, throws for anything else.
   */
  void follow(List<Set<String>> fieldLists, PgCatalog catalog, SparkSession spark) {
    List<String> known = columns();
    List<String> added = new ArrayList<>();
    for (Set<String> fields : fieldLists) {
      SchemaDrift drift = SchemaDrift.between(known, fields);
      if (!drift.missing().isEmpty()) {
        throw SchemaChangeException.dropped(name(), drift.missing());
      }
      drift.added().stream().filter(a -> !added.contains(a)).forEach(added::add);
    }
    TableDescription now = catalog.describe(config.table());
    checkRetyped(now);
    for (String a : added) {
      if (catalog.filledByDefault(config.table(), a)) {
        throw new SchemaChangeException("table " + name() + ": column " + Identifiers.quote(a) + " was added with a"
            + " default that fills existing rows; those values never appear in the change stream, so Seam stopped"
            + " rather than leave them NULL. Way forward: see docs/stream.md#schema-changes (re-backfill the table)");
      }
    }
    if (!added.isEmpty()) {
      evolve(added, now, spark);
    }
  }

  /** The target's types decide: the source may have changed while the job was down. */
  private void checkRetyped(TableDescription now) {
    for (ColumnDecoding d : decodings) {
      requireSameType(d.column(), d.target(), now);
    }
  }

  private void requireSameType(String column, DataType targetType, TableDescription source) {
    source.column(column).ifPresent(c -> {
      DataType sourceType = TypeMapping.sparkType(source.table(), c);
      if (!sourceType.equals(targetType)) {
        throw new SchemaChangeException("table " + name() + ": column " + Identifiers.quote(column) + " changed type"
            + " at the source: it is now " + c.declaredType() + " (" + sourceType.sql() + ") but the target holds "
            + targetType.sql() + ". Seam stopped the stream rather than reinterpret values. Way forward: see"
            + " docs/stream.md#schema-changes");
      }
    });
  }

  private void evolve(List<String> added, TableDescription now, SparkSession spark) {
    List<String> ddl = new ArrayList<>();
    for (String a : added) {
      ColumnInfo c = now.column(a).orElseThrow(() -> new SchemaChangeException("table " + name() + ": events carry a"
          + " column " + Identifiers.quote(a) + " the source no longer has (added and dropped again?); re-backfill"
          + " the table"));
      ddl.add(ColumnDecoding.quote(a) + " " + TypeMapping.sparkType(now.table(), c).sql());
    }
    spark.sql("ALTER TABLE delta.`" + path + "` ADD COLUMNS (" + String.join(", ", ddl) + ")");
    LOG.info("table {}: added column(s) {} (source schema change)", name(), added);
    List<String> columns = new ArrayList<>(columns());
    columns.addAll(added);
    decodings = decodingsFor(now, columns);
  }
}
