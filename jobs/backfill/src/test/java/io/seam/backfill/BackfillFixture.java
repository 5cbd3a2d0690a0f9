package io.seam.backfill;

import io.seam.core.config.MigrationConfig;
import io.seam.core.config.MigrationConfigLoader;
import io.seam.core.pg.TableRef;
import io.seam.testkit.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A migration config file for a test database, and the Delta tables it produces. */
final class BackfillFixture {
  private BackfillFixture() {}

  static MigrationConfig config(TestDatabase db, Path dir, String tablesYaml, String extraYaml) {
    return config(db, dir, tablesYaml, extraYaml, db.name() + "_slot");
  }

  static MigrationConfig config(TestDatabase db, Path dir, String tablesYaml, String extraYaml, String slot) {
    try {
      Path file = dir.resolve("migration.yaml");
      Files.writeString(file, db.migrationYaml(tablesYaml, dir.resolve("lake"), slot, extraYaml));
      return MigrationConfigLoader.load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dataset<Row> target(SparkSession spark, MigrationConfig config, String table) {
    return spark.read().format("delta").load(config.target().tablePath(TableRef.parse(table)));
  }
}
