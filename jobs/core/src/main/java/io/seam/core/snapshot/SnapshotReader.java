package io.seam.core.snapshot;

import io.seam.core.config.BackfillConfig;
import io.seam.core.copy.CopyColumns;
import io.seam.core.copy.CopyReadSpec;
import io.seam.core.copy.SnapshotCopySource;
import io.seam.core.split.Split;
import io.seam.core.split.SplitPlan;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TypeMapping;
import io.seam.core.spark.SparkIdentifiers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Reads a table's splits, one Spark partition per split, every one of them inside an exported snapshot
 * (the seam's, or parity's freeze) and streamed, never materialised. Rows come through PostgreSQL's
 * binary COPY ({@link SnapshotCopySource}) unless {@code backfill.reader} is {@code jdbc}, which uses
 * Spark's JDBC source over a server-side cursor with {@link TypeMapping}'s types forced through
 * {@code customSchema}. Either way the columns have exactly {@link TypeMapping}'s types.
 */
public final class SnapshotReader {
  private final SparkSession spark;
  private final PgConnections connections;
  private final int fetchSize;
  private final BackfillConfig.SplitReader kind;

  /** {@code backfill} guarantees a fetch size > 0, which the JDBC reader needs to stay inside the snapshot. */
  public SnapshotReader(SparkSession spark, PgConnections connections, BackfillConfig backfill) {
    this.spark = spark;
    this.connections = connections;
    this.fetchSize = backfill.fetchSize();
    this.kind = backfill.reader();
  }

  public Dataset<Row> read(TableDescription table, SplitPlan plan, String snapshotName) {
    return read(table, plan.splits().stream().map(Split::predicate).toList(), snapshotName);
  }

  /** The table's rows matching any of {@code predicates}, one partition per predicate. */
  public Dataset<Row> read(TableDescription table, List<String> predicates, String snapshotName) {
    if (kind == BackfillConfig.SplitReader.COPY) {
      return copy(table, predicates, snapshotName);
    }
    return read(table.table().quoted(), customSchema(table), predicates, SnapshotSession.initStatement(snapshotName),
        SnapshotSession.guardPredicate(snapshotName));
  }

  private Dataset<Row> copy(TableDescription table, List<String> predicates, String snapshotName) {
    CopyColumns columns = CopyColumns.of(table);
    Map<String, String> props = new HashMap<>();
    connections.baseProperties().forEach((k, v) -> props.put((String) k, (String) v));
    CopyReadSpec spec = new CopyReadSpec(connections.jdbcUrl(), props, snapshotName, table.table().toString(),
        columns.schema().json(), columns.fields(), predicates.stream().map(columns::copyStatement).toList());
    return spark.read().format(SnapshotCopySource.class.getName())
        .option(SnapshotCopySource.SPEC, spec.toJson())
        .option(SnapshotCopySource.PASSWORD, connections.source().password().reveal())
        .load();
  }

  /**
   * The rows of a query (a parenthesised subquery with an alias, e.g. parity's pushed-down aggregates),
   * one partition per predicate over the query's output, inside the snapshot.
   */
  private Dataset<Row> read(String relation, String customSchema, List<String> splitPredicates, String initStatement,
      String guard) {
    String[] predicates = splitPredicates.stream().map(s -> "(" + s + ") AND " + guard).toArray(String[]::new);
    Properties props = new Properties();
    props.putAll(connections.baseProperties());
    props.setProperty("password", connections.source().password().reveal());
    props.setProperty("driver", "org.postgresql.Driver");
    props.setProperty("fetchsize", Integer.toString(fetchSize));
    props.setProperty("sessionInitStatement", initStatement);
    if (customSchema != null) {
      props.setProperty("customSchema", customSchema);
    }
    return spark.read().jdbc(connections.jdbcUrl(), relation, predicates, props);
  }

  public static String customSchema(TableDescription table) {
    StringBuilder sb = new StringBuilder();
    for (StructField f : TypeMapping.schemaOf(table).fields()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(SparkIdentifiers.quote(f.name())).append(' ').append(f.dataType().sql());
    }
    return sb.toString();
  }
}
