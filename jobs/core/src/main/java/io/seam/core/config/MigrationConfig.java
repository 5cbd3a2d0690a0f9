package io.seam.core.config;

import io.seam.core.pg.TableRef;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/** The one migration config every job, the Debezium config generator and the demo read. */
public record MigrationConfig(SourceConfig source, List<TableConfig> tables, TargetConfig target,
    ReplicationConfig replication, BackfillConfig backfill, StreamConfig stream, ParityConfig parity)
    implements Serializable {

  public MigrationConfig {
    tables = List.copyOf(tables);
  }

  /** The same migration with other parity settings (a test's shorter wait, say). */
  public MigrationConfig withParity(ParityConfig other) {
    return new MigrationConfig(source, tables, target, replication, backfill, stream, other);
  }

  public Optional<TableConfig> table(TableRef ref) {
    return tables.stream().filter(t -> t.table().equals(ref)).findFirst();
  }
}
