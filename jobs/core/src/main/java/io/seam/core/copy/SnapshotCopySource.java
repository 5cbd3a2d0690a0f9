package io.seam.core.copy;

import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark data source (DataSource V2) that reads a table's splits with PostgreSQL's binary COPY inside an
 * exported snapshot: one input partition per split, each streaming {@code COPY (SELECT ...) TO STDOUT
 * (FORMAT binary)} on a connection of its own that imported the snapshot first. Spark's JDBC source
 * builds every value through JDBC's row-at-a-time getters; here the wire bytes become Spark's internal
 * values directly. Used through {@link io.seam.core.snapshot.SnapshotReader}, never by name.
 */
public final class SnapshotCopySource implements TableProvider {
  public static final String SPEC = "seam.copy.spec";
  public static final String PASSWORD = "password";

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return schema(spec(options));
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    CaseInsensitiveStringMap options = new CaseInsensitiveStringMap(properties);
    return new CopyTable(spec(options), options.get(PASSWORD));
  }

  private static CopyReadSpec spec(CaseInsensitiveStringMap options) {
    String json = options.get(SPEC);
    if (json == null) {
      throw new IllegalArgumentException(SnapshotCopySource.class.getName() + " needs the option " + SPEC);
    }
    return CopyReadSpec.fromJson(json);
  }

  static StructType schema(CopyReadSpec spec) {
    return (StructType) DataType.fromJson(spec.schemaJson());
  }

  private record CopyTable(CopyReadSpec spec, String password) implements Table, SupportsRead {
    @Override
    public String name() {
      return "COPY " + spec.relation();
    }

    @Override
    @SuppressWarnings("deprecation")
    public StructType schema() {
      return SnapshotCopySource.schema(spec);
    }

    @Override
    public Set<TableCapability> capabilities() {
      return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
      return new SnapshotCopyScan(spec, password);
    }

    @Override
    public String toString() {
      return name();  // never the password
    }
  }
}
