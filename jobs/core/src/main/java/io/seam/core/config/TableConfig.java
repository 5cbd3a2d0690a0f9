package io.seam.core.config;

import io.seam.core.pg.TableRef;
import java.io.Serializable;
import java.util.List;

/**
 * One migrated table. {@code primaryKey} empty means "use the table's primary key"; {@code dayColumn}
 * and {@code sumColumns} drive parity's per-day comparison in {@code dayTimeZone}.
 */
public record TableConfig(TableRef table, List<String> primaryKey, String dayColumn, String dayTimeZone,
    List<String> sumColumns) implements Serializable {
  public TableConfig {
    primaryKey = List.copyOf(primaryKey);
    sumColumns = List.copyOf(sumColumns);
  }
}
