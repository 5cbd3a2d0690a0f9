package io.seam.core.config;

import java.io.Serializable;

/**
 * Parity's settings: each component is the {@code parity.*} key of the same name; {@link MigrationOptions}
 * defines its default, bounds and meaning.
 */
public record ParityConfig(String timeZone, int waitTimeoutSeconds, int freezeTimeoutSeconds, int nudgeAfterSeconds, int keyBuckets,
    int maxRowsPerFetch, int maxListedDifferences, int cutoverCleanRuns, int cutoverSoakMinutes, boolean cutoverRequiresShadow)
    implements Serializable {

  /** Within every bound its {@link MigrationOptions} definition sets, however it was built. */
  public ParityConfig {
    MigrationOptions.PARITY_WAIT_TIMEOUT_SECONDS.check(waitTimeoutSeconds);
    MigrationOptions.PARITY_FREEZE_TIMEOUT_SECONDS.check(freezeTimeoutSeconds);
    MigrationOptions.PARITY_NUDGE_AFTER_SECONDS.check(nudgeAfterSeconds);
    MigrationOptions.PARITY_KEY_BUCKETS.check(keyBuckets);
    MigrationOptions.PARITY_MAX_ROWS_PER_FETCH.check(maxRowsPerFetch);
    MigrationOptions.PARITY_MAX_LISTED_DIFFERENCES.check(maxListedDifferences);
    MigrationOptions.PARITY_CUTOVER_CLEAN_RUNS.check(cutoverCleanRuns);
    MigrationOptions.PARITY_CUTOVER_SOAK_MINUTES.check(cutoverSoakMinutes);
  }

  /** How long to wait for the stream, and when to nudge a quiet source: the settings a test shortens. */
  public ParityConfig withWait(int waitTimeoutSeconds, int nudgeAfterSeconds) {
    return new ParityConfig(timeZone, waitTimeoutSeconds, freezeTimeoutSeconds, nudgeAfterSeconds, keyBuckets,
        maxRowsPerFetch, maxListedDifferences, cutoverCleanRuns, cutoverSoakMinutes, cutoverRequiresShadow);
  }
}
