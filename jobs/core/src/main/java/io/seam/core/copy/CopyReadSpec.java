package io.seam.core.copy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything a COPY split read needs, as the one option string a Spark data source can be given
 * (the password travels apart, under Spark's redacted {@code password} option).
 *
 * @param url the source's JDBC URL
 * @param properties driver properties without the password
 * @param snapshot the exported snapshot every split reads inside
 * @param relation the table, for progress and errors
 * @param schemaJson the rows' Spark schema ({@code StructType.json()})
 * @param fields how each field decodes, in select-list order
 * @param statements one COPY statement per split
 */
public record CopyReadSpec(String url, Map<String, String> properties, String snapshot, String relation,
    String schemaJson, List<CopyField> fields, List<String> statements) implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public CopyReadSpec {
    properties = Map.copyOf(properties);
    fields = List.copyOf(fields);
    statements = List.copyOf(statements);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the COPY read of " + relation, e);
    }
  }

  public static CopyReadSpec fromJson(String json) {
    try {
      return JSON.readValue(json, CopyReadSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Seam COPY read: " + e.getOriginalMessage(), e);
    }
  }
}
