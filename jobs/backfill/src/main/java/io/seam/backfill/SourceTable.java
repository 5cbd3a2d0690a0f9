package io.seam.backfill;

import io.seam.core.config.TableConfig;
import io.seam.core.pg.TableDescription;
import java.util.List;

/** A migrated table as configured and as the source describes it, with its effective primary key. */
public record SourceTable(TableConfig config, TableDescription description, List<String> primaryKey) {
  public SourceTable {
    primaryKey = List.copyOf(primaryKey);
  }

  public String name() {
    return description.table().display();
  }
}
