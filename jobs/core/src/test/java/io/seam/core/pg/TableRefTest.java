package io.seam.core.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableRefTest {
  @Test
  void unquotedPartsFoldToLowerCaseAndSchemaDefaultsToPublic() {
    assertThat(TableRef.parse("Orders")).isEqualTo(new TableRef("public", "orders"));
    assertThat(TableRef.parse("Sales.Orders")).isEqualTo(new TableRef("sales", "orders"));
  }

  @Test
  void quotedPartsKeepCaseDotsSpacesAndQuotes() {
    TableRef t = TableRef.parse("public.\"Order Lines.v2\"");
    assertThat(t).isEqualTo(new TableRef("public", "Order Lines.v2"));
    assertThat(t.quoted()).isEqualTo("\"public\".\"Order Lines.v2\"");
    assertThat(t.display()).isEqualTo("public.\"Order Lines.v2\"");
    assertThat(TableRef.parse("\"a\"\"b\"").name()).isEqualTo("a\"b");
    assertThat(TableRef.parse("\"a\"\"b\"").quoted()).isEqualTo("\"public\".\"a\"\"b\"");
  }

  @Test
  void keywordsDisplayQuoted() {
    assertThat(TableRef.parse("\"order\"").display()).isEqualTo("public.\"order\"");
  }

  @Test
  void malformedNamesAreRejected() {
    assertThatThrownBy(() -> TableRef.parse("a.b.c")).hasMessageContaining("more than schema.table");
    assertThatThrownBy(() -> TableRef.parse("\"open")).hasMessageContaining("unclosed quote");
    assertThatThrownBy(() -> TableRef.parse("x;y")).hasMessageContaining("character ';'");
    assertThatThrownBy(() -> TableRef.parse("a.")).hasMessageContaining("empty part");
  }
}
