package io.seam.backfill.reader;

import io.seam.backfill.splitter.Split;
import io.seam.backfill.splitter.SplitPlan;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TypeMapping;
import io.seam.core.spark.SparkIdentifiers;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Reads a table's splits with Spark's JDBC source, one partition per split, every one of them inside
 * the seam's exported snapshot and streamed through a server-side cursor (never materialised).
 * Column types are forced to {@link TypeMapping}'s exact mapping through {@code customSchema}.
 */
public final class SnapshotReader {
  private final SparkSession spark;
  private final PgConnections connections;
  private final int fetchSize;

  public SnapshotReader(SparkSession spark, PgConnections connections, int fetchSize) {
    if (fetchSize <= 0) {
      throw new IllegalArgumentException("fetch size must be > 0 to read inside the exported snapshot");
    }
    this.spark = spark;
    this.connections = connections;
    this.fetchSize = fetchSize;
  }

  public Dataset<Row> read(TableDescription table, SplitPlan plan, String snapshotName) {
    return read(table, plan.splits(), SnapshotSession.initStatement(snapshotName),
        SnapshotSession.guardPredicate(snapshotName));
  }

  /** Visible for the seam test, which proves the guard catches an import outside the read's transaction. */
  Dataset<Row> read(TableDescription table, List<Split> splits, String initStatement, String guard) {
    String[] predicates = splits.stream().map(s -> "(" + s.predicate() + ") AND " + guard).toArray(String[]::new);
    Properties props = new Properties();
    props.putAll(connections.baseProperties());
    props.setProperty("password", connections.source().password().reveal());
    props.setProperty("driver", "org.postgresql.Driver");
    props.setProperty("fetchsize", Integer.toString(fetchSize));
    props.setProperty("sessionInitStatement", initStatement);
    props.setProperty("customSchema", customSchema(table));
    return spark.read().jdbc(connections.jdbcUrl(), table.table().quoted(), predicates, props);
  }

  static String customSchema(TableDescription table) {
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
