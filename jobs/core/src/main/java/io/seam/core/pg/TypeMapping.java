package io.seam.core.pg;

import java.util.ArrayList;
import java.util.List;
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
 * place that says which types make the whole trip (backfill, stream, parity), as a {@link ColumnKind} every
 * leg switches over.
 */
public final class TypeMapping {
  private TypeMapping() {}

  /** The Spark schema of a table's business columns, in source order. */
  public static StructType schemaOf(TableDescription t) {
    return schemaOf(t.columns(), t.types());
  }

  /** The Spark schema of columns whose types are known already ({@link TableDescription#types()}). */
  public static StructType schemaOf(List<ColumnInfo> columns, List<ColumnType> types) {
    List<StructField> fields = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      fields.add(DataTypes.createStructField(columns.get(i).name(), types.get(i).sparkType(), !columns.get(i).notNull()));
    }
    return DataTypes.createStructType(fields);
  }

  public static DataType sparkType(TableRef table, ColumnInfo c) {
    return typeOf(table, c).sparkType();
  }

  /** The column's kind and exact type; a column Seam cannot carry the whole way fails, named. */
  public static ColumnType typeOf(TableRef table, ColumnInfo c) {
    if (c.isArray()) {
      ColumnKind element = kindOf(table, c, c.elementTypeName(), c.elementTypeKind());
      if (element == ColumnKind.NUMERIC) {
        // The catalog gives no precision for an array's elements.
        throw unbounded(table, c);
      }
      return new ColumnType(ColumnKind.ARRAY, element,
          DataTypes.createArrayType(scalarType(table, c, element, -1), true));
    }
    ColumnKind kind = kindOf(table, c, c.typeName(), c.typeKind());
    return new ColumnType(kind, null, scalarType(table, c, kind, c.typmod()));
  }

  private static ColumnKind kindOf(TableRef table, ColumnInfo c, String type, char typeKind) {
    if (typeKind == 'e') {
      return ColumnKind.TEXT_FORM;
    }
    return switch (type) {
      case "bool" -> ColumnKind.BOOL;
      case "int2" -> ColumnKind.INT2;
      case "int4" -> ColumnKind.INT4;
      case "int8" -> ColumnKind.INT8;
      case "float4" -> ColumnKind.FLOAT4;
      case "float8" -> ColumnKind.FLOAT8;
      case "numeric" -> ColumnKind.NUMERIC;
      case "date" -> ColumnKind.DATE;
      case "timestamptz" -> ColumnKind.TIMESTAMPTZ;
      case "timestamp" -> ColumnKind.TIMESTAMP;
      case "time" -> ColumnKind.TIME;
      case "bytea" -> ColumnKind.BYTEA;
      case "text", "varchar" -> ColumnKind.TEXT;
      case "bpchar", "name" -> ColumnKind.CHARACTER;
      case "char", "citext", "uuid", "json", "jsonb", "xml", "inet", "cidr", "macaddr", "macaddr8" -> ColumnKind.TEXT_FORM;
      case "timetz", "interval" -> throw new TypeMappingException("column " + table + "."
          + Identifiers.display(c.name()) + ": type " + c.declaredType() + " reaches the stream in another text"
          + " form than the backfill reads (Debezium's ISO form against PostgreSQL's), so its changes could not be"
          + " applied exactly. Fix: change the column's type at the source (e.g. ALTER TABLE ... ALTER COLUMN ..."
          + " TYPE text) or leave the table out of tables[]; see docs/types.md");
      default -> throw unsupported(table, c, "type " + c.declaredType() + " has no exact Spark/Delta mapping in Seam");
    };
  }

  private static DataType scalarType(TableRef table, ColumnInfo c, ColumnKind kind, int typmod) {
    return switch (kind) {
      case BOOL -> DataTypes.BooleanType;
      case INT2 -> DataTypes.ShortType;
      case INT4 -> DataTypes.IntegerType;
      case INT8 -> DataTypes.LongType;
      case FLOAT4 -> DataTypes.FloatType;
      case FLOAT8 -> DataTypes.DoubleType;
      case NUMERIC -> numeric(table, c, typmod);
      case DATE -> DataTypes.DateType;
      case TIMESTAMPTZ -> DataTypes.TimestampType;
      case TIMESTAMP -> DataTypes.TimestampNTZType;
      case BYTEA -> DataTypes.BinaryType;
      case TIME, TEXT, CHARACTER, TEXT_FORM -> DataTypes.StringType;
      case ARRAY -> throw new IllegalArgumentException("an array is not a scalar");
    };
  }

  private static DataType numeric(TableRef table, ColumnInfo c, int typmod) {
    if (typmod < 4) {
      throw unbounded(table, c);
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

  private static TypeMappingException unbounded(TableRef table, ColumnInfo c) {
    return unsupported(table, c, "type " + c.declaredType() + " is an unbounded numeric: its values can exceed any"
        + " Spark decimal, so Seam will not round them silently");
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
