package io.seam.core.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * PostgreSQL column types to exact Spark/Delta types (docs/types.md).
 * Anything that cannot be held exactly fails with a message naming the column; nothing is rounded.
 *
 * <p>Explicit, documented mappings beyond the contract: {@code time}, network and other string-like types become
 * their PostgreSQL text form. {@code timetz} and {@code interval} are refused: Debezium streams them in another
 * text form than the backfill reads, so the stream could not apply their changes exactly. This is the one
 * place that says which types make the whole trip (backfill, stream, parity); the stream's decoding asks it.
 */
public final class TypeMapping {
  private static final Set<String> AS_STRING = Set.of("text", "varchar", "bpchar", "char", "name", "citext",
      "uuid", "json", "jsonb", "xml", "inet", "cidr", "macaddr", "macaddr8", "time");

  private TypeMapping() {}

  /** The Spark schema of a table's business columns, in source order. */
  public static StructType schemaOf(TableDescription t) {
    List<StructField> fields = new ArrayList<>();
    for (ColumnInfo c : t.columns()) {
      fields.add(DataTypes.createStructField(c.name(), sparkType(t.table(), c), !c.notNull()));
    }
    return DataTypes.createStructType(fields);
  }

  public static DataType sparkType(TableRef table, ColumnInfo c) {
    if (c.isArray()) {
      DataType element = scalar(table, c, c.elementTypeName(), c.elementTypeKind(), -1, true);
      return DataTypes.createArrayType(element, true);
    }
    return scalar(table, c, c.typeName(), c.typeKind(), c.typmod(), false);
  }

  private static DataType scalar(TableRef table, ColumnInfo c, String type, char kind, int typmod, boolean inArray) {
    if (kind == 'e') {
      return DataTypes.StringType;
    }
    switch (type) {
      case "bool": return DataTypes.BooleanType;
      case "int2": return DataTypes.ShortType;
      case "int4": return DataTypes.IntegerType;
      case "int8": return DataTypes.LongType;
      case "float4": return DataTypes.FloatType;
      case "float8": return DataTypes.DoubleType;
      case "date": return DataTypes.DateType;
      case "timestamptz": return DataTypes.TimestampType;
      case "timestamp": return DataTypes.TimestampNTZType;
      case "bytea": return DataTypes.BinaryType;
      case "numeric": return numeric(table, c, typmod, inArray);
      case "timetz", "interval":
        throw new TypeMappingException("column " + table + "." + Identifiers.display(c.name()) + ": type "
            + c.declaredType() + " reaches the stream in another text form than the backfill reads (Debezium's"
            + " ISO form against PostgreSQL's), so its changes could not be applied exactly. Fix: change the"
            + " column's type at the source (e.g. ALTER TABLE ... ALTER COLUMN ... TYPE text) or leave the table out"
            + " of tables[]; see docs/types.md");
      default:
        if (AS_STRING.contains(type)) {
          return DataTypes.StringType;
        }
        throw unsupported(table, c, "type " + c.declaredType() + " has no exact Spark/Delta mapping in Seam");
    }
  }

  private static DataType numeric(TableRef table, ColumnInfo c, int typmod, boolean inArray) {
    if (inArray || typmod < 4) {
      throw unsupported(table, c, "type " + c.declaredType() + " is an unbounded numeric: its values can exceed any"
          + " Spark decimal, so Seam will not round them silently");
    }
    int precision = ((typmod - 4) >> 16) & 0xffff;
    int scale = (typmod - 4) & 0xffff;
    if (scale > 0x7ff) {
      throw unsupported(table, c, "type " + c.declaredType() + " has a negative scale, which Spark decimals cannot hold");
    }
    if (precision > DecimalType.MAX_PRECISION()) {
      throw unsupported(table, c, "type " + c.declaredType() + " has precision " + precision
          + " > 38, the most a Spark decimal holds");
    }
    return DataTypes.createDecimalType(precision, scale);
  }

  private static TypeMappingException unsupported(TableRef table, ColumnInfo c, String why) {
    return new TypeMappingException("column " + table + "." + Identifiers.display(c.name()) + ": " + why
        + ". Fix: give the column a bounded type (e.g. ALTER TABLE ... ALTER COLUMN ... TYPE numeric(38,10))"
        + " or leave the table out of tables[]; see docs/types.md");
  }

  /** A column whose type Seam cannot carry exactly. */
  public static final class TypeMappingException extends RuntimeException {
    public TypeMappingException(String message) {
      super(message);
    }
  }
}
