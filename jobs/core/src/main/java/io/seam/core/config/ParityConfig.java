package io.seam.core.config;

import java.io.Serializable;

/** Parity defaults: the day bucketing time zone and how long to wait for the stream to reach the freeze. */
public record ParityConfig(String timeZone, int waitTimeoutSeconds) implements Serializable {}
