package io.seam.core.config;

import java.io.Serializable;

/**
 * Parity's settings (conf/migration.example.yaml documents each with its default).
 *
 * @param timeZone day bucketing zone for tables without their own {@code day_time_zone}
 * @param waitTimeoutSeconds how long to wait for the stream to apply the frozen position
 * @param freezeTimeoutSeconds how long the freeze may wait for transactions open at that moment to end
 * @param nudgeAfterSeconds after this long without reaching it (0: at once), commit a heartbeat on the source
 * @param keyBuckets buckets by key hash: the unit for tables without a day column, and for bisecting a large day
 * @param maxRowsPerFetch a disagreeing bucket larger than this is bisected by key hash before rows are compared
 * @param maxListedDifferences differing rows listed per table in the reports (all are counted)
 * @param cutoverCleanRuns consecutive clean runs {@code cutover-check} requires
 * @param cutoverSoakMinutes ...spanning at least this long
 * @param cutoverRequiresShadow ...and as many clean shadow runs ({@code bin/seam shadow}) over the same soak
 */
public record ParityConfig(String timeZone, int waitTimeoutSeconds, int freezeTimeoutSeconds, int nudgeAfterSeconds, int keyBuckets,
    int maxRowsPerFetch, int maxListedDifferences, int cutoverCleanRuns, int cutoverSoakMinutes, boolean cutoverRequiresShadow)
    implements Serializable {}
