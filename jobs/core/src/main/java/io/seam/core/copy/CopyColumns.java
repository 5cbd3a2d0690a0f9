package io.seam.core.copy;

import io.seam.core.copy.CopyField.Kind;
import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.ColumnKind;
import io.seam.core.pg.ColumnType;
import io.seam.core.pg.Identifiers;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TypeMapping;
import java.util.ArrayList;
import java.util.List;
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
  public CopyColumns {
    selectList = List.copyOf(selectList);
    fields = List.copyOf(fields);
  }

  public static CopyColumns of(TableDescription table) {
    List<ColumnType> types = table.types();
    StructType schema = TypeMapping.schemaOf(table.columns(), types);
    List<String> select = new ArrayList<>();
    List<CopyField> fields = new ArrayList<>();
    for (int i = 0; i < table.columns().size(); i++) {
      ColumnInfo c = table.columns().get(i);
      ColumnType type = types.get(i);
      String column = Identifiers.quote(c.name());
      String display = table.table() + "." + Identifiers.display(c.name());
      switch (type.kind()) {
        case ARRAY -> {
          select.add(castToText(type.element()) ? column + "::text[]" : column);
          fields.add(new CopyField(display, Kind.ARRAY, 0, 0, wireFormat(type.element())));
        }
        case NUMERIC -> {
          DecimalType d = (DecimalType) type.sparkType();
          select.add(column);
          fields.add(new CopyField(display, Kind.NUMERIC, d.precision(), d.scale(), null));
        }
        default -> {
          select.add(castToText(type.kind()) ? column + "::text" : column);
          fields.add(CopyField.of(display, wireFormat(type.kind())));
        }
      }
    }
    return new CopyColumns(table, select, fields, schema);
  }

  /** The COPY statement of one split: its rows, in the table's column order, in binary. */
  public String copyStatement(String predicate) {
    return "COPY (SELECT " + String.join(", ", selectList) + " FROM " + table.table().quoted() + " WHERE " + predicate
        + ") TO STDOUT (FORMAT binary)";
  }

  /** The binary format a field of this kind arrives in, after {@link #castToText}. */
  private static Kind wireFormat(ColumnKind kind) {
    return switch (kind) {
      case BOOL -> Kind.BOOL;
      case INT2 -> Kind.INT2;
      case INT4 -> Kind.INT4;
      case INT8 -> Kind.INT8;
      case FLOAT4 -> Kind.FLOAT4;
      case FLOAT8 -> Kind.FLOAT8;
      case NUMERIC -> Kind.NUMERIC;
      case DATE -> Kind.DATE;
      case TIMESTAMPTZ, TIMESTAMP -> Kind.TIMESTAMP;
      case BYTEA -> Kind.BYTEA;
      case TIME, TEXT, CHARACTER, TEXT_FORM -> Kind.TEXT;
      case ARRAY -> Kind.ARRAY;
    };
  }

  /**
   * Whether PostgreSQL casts the column to text in the COPY's select list: the kinds whose Spark value is their
   * text form; character types are read as they are (a cast would strip char(n)'s padding).
   */
  private static boolean castToText(ColumnKind kind) {
    return switch (kind) {
      case TIME, TEXT_FORM -> true;
      case BOOL, INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC, DATE, TIMESTAMPTZ, TIMESTAMP, BYTEA, TEXT, CHARACTER,
          ARRAY -> false;
    };
  }
}
