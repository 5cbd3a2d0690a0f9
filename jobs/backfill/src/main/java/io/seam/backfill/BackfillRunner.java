package io.seam.backfill;

import io.seam.backfill.progress.BackfillProgress;
import io.seam.backfill.progress.ProgressLine;
import io.seam.core.snapshot.SnapshotReader;
import io.seam.core.pg.ReplicationObjects;
import io.seam.core.snapshot.SlotCreationWatch;
import io.seam.core.snapshot.SnapshotSlot;
import io.seam.core.split.SplitPlan;
import io.seam.core.split.SplitPlanner;
import io.seam.backfill.writer.DeltaTableWriter;
import io.seam.backfill.writer.SeamStamp;
import io.seam.core.config.MigrationConfig;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.Identifiers;
import io.seam.core.pg.PgCatalog;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.SourceErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the backfill: check the source, clear or refuse leftovers, publication, the seam slot with its
 * exported snapshot, then every table read inside that one snapshot (tables in parallel, splits in
 * parallel) and written to Delta, and finally the COMPLETE manifest the other jobs start from.
 */
public final class BackfillRunner {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.backfill");

  private final SparkSession spark;
  private final MigrationConfig config;
  private final PgConnections connections;

  public BackfillRunner(SparkSession spark, MigrationConfig config) {
    this.spark = spark;
    this.config = config;
    this.connections = new PgConnections(config.source());
  }

  public BackfillResult run(boolean restart) {
    return run(restart, SeamHook.NONE);
  }

  public BackfillResult run(boolean restart, SeamHook hook) {
    Instant start = Instant.now();
    ManifestStore manifests = new ManifestStore(config.target().seamDir(), spark.sparkContext().hadoopConfiguration());
    try (Connection conn = connections.open()) {
      PgCatalog catalog = new PgCatalog(conn);
      List<SourceTable> tables = SourceCheck.check(catalog, config);
      LOG.info("source {} checked: {} table(s), wal_level=logical", config.source().describe(), tables.size());
      ReplicationObjects replication = new ReplicationObjects(conn);
      new Leftovers(config, manifests, spark.sparkContext().hadoopConfiguration()).resolve(replication, tables, restart);
      replication.ensurePublication(config.replication().publication(),
          tables.stream().map(t -> t.description().table()).toList());

      Map<SourceTable, SplitPlan> plans = new LinkedHashMap<>();
      int version = catalog.serverVersionNum();
      for (SourceTable t : tables) {
        SplitPlan plan = SplitPlanner.plan(t.description(), t.primaryKey(), version, config.backfill(),
            spark.sparkContext().defaultParallelism(), column -> keyBounds(conn, t, column));
        plans.put(t, plan);
        long estimate = t.description().estimatedRows();
        LOG.info("plan {}: {} {} split(s) ({}), {}", t.name(), plan.splits().size(),
            plan.kind().name().toLowerCase(), plan.reason(),
            estimate > 0 ? "~" + ProgressLine.human(estimate) + " rows" : "row count unknown (not analyzed)");
      }

      try (SnapshotSlot slot = SnapshotSlot.create(connections, config.replication().slot(),
          SlotCreationWatch.Limit.none("the seam waits for as long as they stay open"), LOG::info)) {
        SeamStamp stamp = new SeamStamp(slot.slot(), slot.consistentPoint(), slot.snapshotName(), slot.createdAt());
        LOG.info("seam: slot {} at LSN {}, snapshot {}", slot.slot(), slot.consistentPoint(), slot.snapshotName());
        SeamManifest manifest = new SeamManifest(SeamManifest.FORMAT_VERSION, SeamManifest.Status.IN_PROGRESS,
            config.source().describe(), slot.slot(), config.replication().publication(),
            slot.consistentPoint().toString(), slot.snapshotName(), slot.createdAt().toString(),
            start.toString(), null, List.of());
        manifests.write(manifest);
        hook.seamCreated(slot.consistentPoint());
        List<TableResult> results;
        try {
          results = readAll(plans, stamp);
        } catch (RuntimeException e) {
          manifests.write(manifest.finished(SeamManifest.Status.FAILED, Instant.now().toString()));
          throw e;
        }
        for (TableResult r : results) {
          manifest = manifest.withTable(r.toManifest());
        }
        manifests.write(manifest.finished(SeamManifest.Status.COMPLETE, Instant.now().toString()));
        return new BackfillResult(slot.slot(), slot.consistentPoint(), slot.snapshotName(), results,
            Duration.between(start, Instant.now()), manifests.location());
      }
    } catch (SQLException e) {
      throw SourceErrors.during("backfill of " + config.source().describe(), e);
    }
  }

  private List<TableResult> readAll(Map<SourceTable, SplitPlan> plans, SeamStamp stamp) {
    SnapshotReader reader = new SnapshotReader(spark, connections, config.backfill());
    DeltaTableWriter writer = new DeltaTableWriter(spark, config.backfill().deletionVectors());
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(plans.size(), config.backfill().parallelTables()));
    try (BackfillProgress progress = new BackfillProgress(config.backfill().progressIntervalSeconds(),
        line -> LOG.info("progress {}", line))) {
      spark.sparkContext().addSparkListener(progress);
      TableBackfill one = new TableBackfill(spark, reader, writer, progress);
      List<Future<TableResult>> futures = new ArrayList<>();
      plans.forEach((table, plan) -> futures.add(pool.submit(() -> {
        TableResult r = one.run(table, plan, config.target().tablePath(table.description().table()), stamp);
        LOG.info("table {}: {} rows in {} ({} rows/s) -> {} (Delta version {})", table.name(),
            ProgressLine.human(r.rowsWritten()), ProgressLine.clock(r.took()),
            ProgressLine.human((long) (r.rowsWritten() / Math.max(0.001, r.took().toMillis() / 1000.0))),
            r.targetPath(), r.deltaVersion());
        return r;
      })));
      List<TableResult> results = new ArrayList<>();
      for (Future<TableResult> f : futures) {
        results.add(f.get());
      }
      spark.sparkContext().removeSparkListener(progress);
      return results;
    } catch (ExecutionException e) {
      spark.sparkContext().cancelAllJobs();
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("backfill interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Optional<long[]> keyBounds(Connection conn, SourceTable t, String column) {
    String c = Identifiers.quote(column);
    try (Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT min(" + c + "), max(" + c + ") FROM " + t.description().table().quoted())) {
      rs.next();
      long min = rs.getLong(1);
      return rs.wasNull() ? Optional.empty() : Optional.of(new long[] {min, rs.getLong(2)});
    } catch (SQLException e) {
      throw SourceErrors.during("reading the key range of " + t.name(), e);
    }
  }
}
