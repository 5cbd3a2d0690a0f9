package io.seam.cdc.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The difference between the columns a table's change events carry and the columns Seam knows. */
public record SchemaDrift(List<String> added, List<String> missing) {

  public static SchemaDrift between(List<String> known, Set<String> seen) {
    List<String> added = new ArrayList<>();
    for (String s : seen) {
      if (!known.contains(s)) {
        added.add(s);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String k : known) {
      if (!seen.contains(k)) {
        missing.add(k);
      }
    }
    return new SchemaDrift(List.copyOf(added), List.copyOf(missing));
  }

  public boolean none() {
    return added.isEmpty() && missing.isEmpty();
  }
}
