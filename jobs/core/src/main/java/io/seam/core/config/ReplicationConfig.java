package io.seam.core.config;

import java.io.Serializable;

/**
 * The logical replication objects of the migration: the seam slot and the publication it decodes.
 *
 * Each component is the {@code replication.*} key of the same name ({@link MigrationOptions}).
 */
public record ReplicationConfig(String slot, String publication, int retainedWalWarnMb) implements Serializable {
  public ReplicationConfig {
    MigrationOptions.REPLICATION_RETAINED_WAL_WARN_MB.check(retainedWalWarnMb);
  }
}
