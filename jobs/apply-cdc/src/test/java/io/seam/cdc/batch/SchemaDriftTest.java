package io.seam.cdc.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDriftTest {
  @Test
  void addedAndMissingColumns() {
    SchemaDrift d = SchemaDrift.between(List.of("id", "amount", "note"),
        new LinkedHashSet<>(List.of("id", "amount", "currency")));
    assertThat(d.added()).containsExactly("currency");
    assertThat(d.missing()).containsExactly("note");
    assertThat(SchemaDrift.between(List.of("id"), new LinkedHashSet<>(List.of("id"))).none()).isTrue();
  }
}
