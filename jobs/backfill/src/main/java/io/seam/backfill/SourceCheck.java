package io.seam.backfill;

import io.seam.core.MetadataColumns;
import io.seam.core.config.ConfigException;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.TableConfig;
import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.PgCatalog;
import io.seam.core.pg.SourceException;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TypeMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the source before anything is created on it: logical WAL, every table present with a key,
 * every column mappable, every configured column real. Fails with the table and option to fix.
 */
public final class SourceCheck {
  private SourceCheck() {}

  public static List<SourceTable> check(PgCatalog catalog, MigrationConfig config) {
    String walLevel = catalog.setting("wal_level");
    if (!"logical".equals(walLevel)) {
      throw new SourceException("the source's wal_level is '" + walLevel + "' but Seam needs 'logical': run "
          + "ALTER SYSTEM SET wal_level = logical (or set it in postgresql.conf) and restart PostgreSQL");
    }
    List<SourceTable> out = new ArrayList<>();
    for (int i = 0; i < config.tables().size(); i++) {
      TableConfig tc = config.tables().get(i);
      TableDescription d = catalog.describe(tc.table());
      out.add(new SourceTable(tc, d, primaryKey(tc, d, i)));
      TypeMapping.schemaOf(d);
      for (ColumnInfo c : d.columns()) {
        if (MetadataColumns.isMetadata(c.name())) {
          throw new SourceException("table " + d.table() + " has a column " + c.name()
              + ": names starting with _seam_ are reserved for Seam's metadata columns");
        }
      }
      requireColumn(d, tc.dayColumn(), "tables[" + i + "].day_column");
      for (String s : tc.sumColumns()) {
        requireColumn(d, s, "tables[" + i + "].sum_columns");
      }
    }
    return out;
  }

  private static List<String> primaryKey(TableConfig tc, TableDescription d, int index) {
    if (!tc.primaryKey().isEmpty()) {
      for (String k : tc.primaryKey()) {
        requireColumn(d, k, "tables[" + index + "].primary_key");
      }
      return tc.primaryKey();
    }
    if (d.primaryKey().isEmpty()) {
      // The config can fix it (tables[].primary_key): a configuration problem, exit 2 as every job's.
      throw new ConfigException("table " + d.table() + " has no primary key: add one (ALTER TABLE ... ADD PRIMARY KEY)"
          + " or set tables[" + index + "].primary_key to unique, non-null columns");
    }
    return d.primaryKey();
  }

  private static void requireColumn(TableDescription d, String column, String option) {
    if (column != null && d.column(column).isEmpty()) {
      throw new ConfigException("table " + d.table() + " has no column '" + column + "' (" + option + ")");
    }
  }
}
