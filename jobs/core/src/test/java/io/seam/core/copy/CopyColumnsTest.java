package io.seam.core.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.copy.CopyField.Kind;
import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each column's COPY select-list entry is, and how its field decodes. */
class CopyColumnsTest {

  private static ColumnInfo col(String name, int ordinal, String type, char kind, int typmod) {
    return new ColumnInfo(name, ordinal, type, type, kind, typmod, false, null, (char) 0);
  }

  private static ColumnInfo array(String name, int ordinal, String element, char elementKind) {
    return new ColumnInfo(name, ordinal, "_" + element, element + "[]", 'b', -1, false, element, elementKind);
  }

  @Test
  void textFormTypesAreCastAndCharacterTypesKeepTheirBytes() {
    TableDescription t = new TableDescription(new TableRef("public", "Orders"), 'r', 8192, 8192, 1, 'd', List.of(
        col("id", 1, "int8", 'b', -1),
        col("amount", 2, "numeric", 'b', ((12 << 16) | 2) + 4),
        col("code", 3, "bpchar", 'b', 7),
        col("u", 4, "uuid", 'b', -1),
        col("mood", 5, "mood", 'e', -1),
        col("doc", 6, "jsonb", 'b', -1),
        array("tags", 7, "text", 'b'),
        array("ids", 8, "uuid", 'b'),
        array("moods", 9, "mood", 'e'),
        array("ns", 10, "int4", 'b'),
        col("Seen At", 11, "timestamptz", 'b', -1)), List.of("id"));

    CopyColumns c = CopyColumns.of(t);

    assertThat(c.selectList()).containsExactly("\"id\"", "\"amount\"", "\"code\"", "\"u\"::text", "\"mood\"::text",
        "\"doc\"::text", "\"tags\"", "\"ids\"::text[]", "\"moods\"::text[]", "\"ns\"", "\"Seen At\"");
    assertThat(c.fields()).extracting(CopyField::kind).containsExactly(Kind.INT8, Kind.NUMERIC, Kind.TEXT, Kind.TEXT,
        Kind.TEXT, Kind.TEXT, Kind.ARRAY, Kind.ARRAY, Kind.ARRAY, Kind.ARRAY, Kind.TIMESTAMP);
    assertThat(c.fields().get(1)).extracting(CopyField::precision, CopyField::scale).containsExactly(12, 2);
    assertThat(c.fields().get(9).element()).isEqualTo(Kind.INT4);
    assertThat(c.fields().get(10).column()).as("errors name the column as a person reads it")
        .isEqualTo("public.\"Orders\".\"Seen At\"");
    assertThat(c.copyStatement("ctid >= '(0,0)'")).isEqualTo("COPY (SELECT \"id\", \"amount\", \"code\", \"u\"::text,"
        + " \"mood\"::text, \"doc\"::text, \"tags\", \"ids\"::text[], \"moods\"::text[], \"ns\", \"Seen At\""
        + " FROM \"public\".\"Orders\" WHERE ctid >= '(0,0)') TO STDOUT (FORMAT binary)");
    assertThat(c.schema().fieldNames()).hasSize(11);
  }
}
