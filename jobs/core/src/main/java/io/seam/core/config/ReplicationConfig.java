package io.seam.core.config;

import java.io.Serializable;

/** The logical replication objects of the migration: the seam slot and the publication it decodes. */
public record ReplicationConfig(String slot, String publication) implements Serializable {}
