package io.seam.core.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class TypeMappingTest {
  private static final TableRef T = new TableRef("public", "orders");

  private static ColumnInfo col(String type, String declared, int typmod) {
    return new ColumnInfo("c", 1, type, declared, 'b', typmod, false, null, (char) 0);
  }

  private static int numericTypmod(int precision, int scale) {
    return ((precision << 16) | scale) + 4;
  }

  @Test
  void exactScalarTypes() {
    assertThat(TypeMapping.sparkType(T, col("numeric", "numeric(12,2)", numericTypmod(12, 2))))
        .isEqualTo(DataTypes.createDecimalType(12, 2));
    assertThat(TypeMapping.sparkType(T, col("timestamptz", "timestamp with time zone", -1)))
        .isEqualTo(DataTypes.TimestampType);
    assertThat(TypeMapping.sparkType(T, col("timestamp", "timestamp without time zone", -1)))
        .isEqualTo(DataTypes.TimestampNTZType);
    assertThat(TypeMapping.sparkType(T, col("int8", "bigint", -1))).isEqualTo(DataTypes.LongType);
    assertThat(TypeMapping.sparkType(T, col("bytea", "bytea", -1))).isEqualTo(DataTypes.BinaryType);
    for (String s : new String[] {"uuid", "json", "jsonb", "text", "varchar", "bpchar"}) {
      assertThat(TypeMapping.sparkType(T, col(s, s, -1))).as(s).isEqualTo(DataTypes.StringType);
    }
  }

  @Test
  void eachColumnGetsOneKindThatEveryLegSwitchesOver() {
    assertThat(TypeMapping.typeOf(T, col("text", "text", -1)).kind()).isEqualTo(ColumnKind.TEXT);
    assertThat(TypeMapping.typeOf(T, col("varchar", "character varying(20)", 24)).kind()).isEqualTo(ColumnKind.TEXT);
    assertThat(TypeMapping.typeOf(T, col("bpchar", "character(3)", 7)).kind()).as("read uncast: keeps its padding")
        .isEqualTo(ColumnKind.CHARACTER);
    assertThat(TypeMapping.typeOf(T, col("char", "\"char\"", -1)).kind()).as("its send form is a byte, not text")
        .isEqualTo(ColumnKind.TEXT_FORM);
    assertThat(TypeMapping.typeOf(T, new ColumnInfo("s", 1, "status", "status", 'e', -1, false, null, (char) 0))
        .kind()).isEqualTo(ColumnKind.TEXT_FORM);
    assertThat(TypeMapping.typeOf(T, col("time", "time without time zone", -1)).kind()).isEqualTo(ColumnKind.TIME);
    ColumnType ints = TypeMapping.typeOf(T, new ColumnInfo("n", 1, "_int4", "integer[]", 'b', -1, false, "int4", 'b'));
    assertThat(ints).isEqualTo(new ColumnType(ColumnKind.ARRAY, ColumnKind.INT4,
        DataTypes.createArrayType(DataTypes.IntegerType, true)));
    assertThatThrownBy(() -> TypeMapping.typeOf(T, new ColumnInfo("n", 1, "_numeric", "numeric(10,2)[]", 'b', -1,
        false, "numeric", 'b'))).hasMessageContaining("unbounded numeric");
  }

  @Test
  void enumsAreStringsAndArraysKeepTheirElementType() {
    assertThat(TypeMapping.sparkType(T, new ColumnInfo("s", 1, "status", "status", 'e', -1, false, null, (char) 0)))
        .isEqualTo(DataTypes.StringType);
    assertThat(TypeMapping.sparkType(T, new ColumnInfo("tags", 1, "_text", "text[]", 'b', -1, false, "text", 'b')))
        .isEqualTo(DataTypes.createArrayType(DataTypes.StringType, true));
  }

  @Test
  void unboundedNumericIsAClearErrorNotARounding() {
    assertThatThrownBy(() -> TypeMapping.sparkType(T,
        new ColumnInfo("Amount", 1, "numeric", "numeric", 'b', -1, false, null, (char) 0)))
        .isInstanceOf(TypeMapping.TypeMappingException.class)
        .hasMessageStartingWith("column public.orders.\"Amount\": type numeric is an unbounded numeric");
  }

  @Test
  void tooWideOrUnknownTypesFailNamingTheColumn() {
    assertThatThrownBy(() -> TypeMapping.sparkType(T, col("numeric", "numeric(40,2)", numericTypmod(40, 2))))
        .hasMessageContaining("column public.orders.c: type numeric(40,2) has precision 40 > 38");
    assertThatThrownBy(() -> TypeMapping.sparkType(T, col("money", "money", -1)))
        .hasMessageStartingWith("column public.orders.c: type money has no exact Spark/Delta mapping in Seam");
  }
}
