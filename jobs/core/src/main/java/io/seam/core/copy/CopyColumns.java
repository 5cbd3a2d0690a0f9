package io.seam.core.copy;

import io.seam.core.copy.CopyField.Kind;
import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.Identifiers;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * The select list a split's {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)} uses, and how each of its
 * fields decodes. Types whose Spark value is their PostgreSQL text form (uuid, json, enums, time,
 * interval, network types, ...) are cast to {@code text} by PostgreSQL, so their value is exactly what
 * the type's output function prints; character types are read as they are, because a cast would strip
 * {@code char(n)}'s padding.
 */
public record CopyColumns(TableDescription table, List<String> selectList, List<CopyField> fields, StructType schema) {
  private static final Set<String> CHARACTER = Set.of("text", "varchar", "bpchar", "name");

  public CopyColumns {
    selectList = List.copyOf(selectList);
    fields = List.copyOf(fields);
  }

  public static CopyColumns of(TableDescription table) {
    StructType schema = TypeMapping.schemaOf(table);
    List<String> select = new ArrayList<>();
    List<CopyField> fields = new ArrayList<>();
    for (int i = 0; i < table.columns().size(); i++) {
      ColumnInfo c = table.columns().get(i);
      DataType type = schema.fields()[i].dataType();
      String column = Identifiers.quote(c.name());
      String display = table.table() + "." + Identifiers.display(c.name());
      if (type instanceof ArrayType array) {
        Kind element = kindOf(array.elementType());
        boolean castElements = element == Kind.TEXT
            && (c.elementTypeKind() == 'e' || !CHARACTER.contains(c.elementTypeName()));
        select.add(castElements ? column + "::text[]" : column);
        fields.add(new CopyField(display, Kind.ARRAY, 0, 0, element));
      } else if (type instanceof DecimalType d) {
        select.add(column);
        fields.add(new CopyField(display, Kind.NUMERIC, d.precision(), d.scale(), null));
      } else {
        Kind kind = kindOf(type);
        boolean cast = kind == Kind.TEXT && (c.typeKind() == 'e' || !CHARACTER.contains(c.typeName()));
        select.add(cast ? column + "::text" : column);
        fields.add(CopyField.of(display, kind));
      }
    }
    return new CopyColumns(table, select, fields, schema);
  }

  /** The COPY statement of one split: its rows, in the table's column order, in binary. */
  public String copyStatement(String predicate) {
    return "COPY (SELECT " + String.join(", ", selectList) + " FROM " + table.table().quoted() + " WHERE " + predicate
        + ") TO STDOUT (FORMAT binary)";
  }

  private static Kind kindOf(DataType t) {
    if (t.equals(DataTypes.BooleanType)) {
      return Kind.BOOL;
    } else if (t.equals(DataTypes.ShortType)) {
      return Kind.INT2;
    } else if (t.equals(DataTypes.IntegerType)) {
      return Kind.INT4;
    } else if (t.equals(DataTypes.LongType)) {
      return Kind.INT8;
    } else if (t.equals(DataTypes.FloatType)) {
      return Kind.FLOAT4;
    } else if (t.equals(DataTypes.DoubleType)) {
      return Kind.FLOAT8;
    } else if (t.equals(DataTypes.DateType)) {
      return Kind.DATE;
    } else if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
      return Kind.TIMESTAMP;
    } else if (t.equals(DataTypes.BinaryType)) {
      return Kind.BYTEA;
    } else if (t.equals(DataTypes.StringType)) {
      return Kind.TEXT;
    }
    throw new IllegalArgumentException("no COPY binary decoding for Spark type " + t.sql());
  }
}
