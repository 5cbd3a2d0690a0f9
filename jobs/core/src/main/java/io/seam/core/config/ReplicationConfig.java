package io.seam.core.config;

import java.io.Serializable;

/**
 * The logical replication objects of the migration: the seam slot and the publication it decodes.
 *
 * @param retainedWalWarnMb {@code stream status} warns once the slot retains more WAL than this
 */
public record ReplicationConfig(String slot, String publication, int retainedWalWarnMb) implements Serializable {}
