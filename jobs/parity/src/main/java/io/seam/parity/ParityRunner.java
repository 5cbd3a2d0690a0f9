package io.seam.parity;

import io.seam.core.Lsn;
import io.seam.core.ParityCut;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.TableConfig;
import io.seam.core.live.LiveTablePlan;
import io.seam.core.live.LiveTables;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.PgCatalog;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.TableDescription;
import io.seam.core.snapshot.SnapshotReader;
import io.seam.core.split.Split;
import io.seam.core.split.SplitPlanner;
import io.seam.core.stream.StreamPosition;
import io.seam.parity.compare.TableParity;
import io.seam.parity.compare.fingerprint.PgTextHash;
import io.seam.parity.compare.fingerprint.RowFingerprint;
import io.seam.parity.compare.fingerprint.SparkCanonicalText;
import io.seam.parity.compare.run.ChangedAfterFreeze;
import io.seam.parity.compare.run.SourceFiguresAhead;
import io.seam.parity.compare.run.SourceSide;
import io.seam.parity.compare.run.TableComparison;
import io.seam.parity.compare.run.TargetSide;
import io.seam.parity.compare.run.TargetWarmUp;
import io.seam.parity.freeze.SourceFreeze;
import io.seam.parity.report.ParityReport;
import io.seam.parity.report.ReportFiles;
import io.seam.parity.report.ReportTables;
import io.seam.parity.report.Verdict;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parity run: hold the compactor, freeze a source position F with a temporary slot's exported snapshot, wait
 * until the stream has applied F, then compare every table exactly as of F (source: the snapshot; target: the
 * base tables, which the hold keeps free of later changes, overlaid with the change log's changes at or before
 * F) and write the reports. The stream keeps running throughout. While parity waits, PostgreSQL already
 * computes the source's figures and the target is warmed.
 */
public final class ParityRunner {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  /** Keys changed after the freeze listed per table in the reports (all are counted). */
  private static final int CHANGED_AFTER_FREEZE_SAMPLE = 20;
  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final MigrationConfig config;
  private final PgConnections connections;

  public ParityRunner(SparkSession spark, MigrationConfig config) {
    this.spark = spark;
    this.config = config;
    this.connections = new PgConnections(config.source());
  }

  public String parityDir() {
    return config.target().seamPath(ReportTables.DIR);
  }

  /** Runs parity and writes every report form; a run that cannot reach a verdict is reported too. */
  public Outcome run() {
    Instant started = Instant.now();
    String runId = RUN_ID.format(started) + "-" + Long.toHexString(System.nanoTime() & 0xfffff);
    ParityReport report;
    try {
      report = compare(runId, started);
    } catch (Exception e) {  // Spark's AnalysisException is checked in Java's eyes
      String why = io.seam.core.Causes.explanation(e);
      LOG.error("parity could not run: {}", why);
      LOG.debug("parity failure", e);
      report = new ParityReport(runId, config.source().describe(), started.toString(), Instant.now().toString(),
          null, null, null, Verdict.COULD_NOT_RUN, why, List.of());
    }
    ReportFiles files = new ReportFiles(parityDir(), spark.sparkContext().hadoopConfiguration());
    try {
      files.write(report);
      new ReportTables(spark, parityDir()).write(report, files.htmlPath(runId));
    } catch (RuntimeException e) {
      LOG.error("cannot write the parity reports under {}: {}", parityDir(), e.getMessage());
      return new Outcome(report, null, Verdict.COULD_NOT_RUN);
    }
    return new Outcome(report, files.htmlPath(runId), report.verdict());
  }

  /** The report, where its page is, and the verdict that decides the exit code. */
  public record Outcome(ParityReport report, String htmlPath, Verdict verdict) {}

  private static final String MIN_PARTITION_NUM = "spark.sql.files.minPartitionNum";

  private ParityReport compare(String runId, Instant started) {
    // Canonical timestamp text and day bucketing assume UTC session time (see RowFingerprint).
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    // A table's scan is a few large files; Spark's default packs them into about one task per core, so
    // the last wave leaves cores idle. Three tasks per core even the load out (unless the user chose).
    if (!spark.conf().contains(MIN_PARTITION_NUM)) {
      spark.conf().set(MIN_PARTITION_NUM, Integer.toString(3 * Math.max(1, spark.sparkContext().defaultParallelism())));
    }
    // The same refusals as every job's: no backfill yet, one not COMPLETE, a migration already finished.
    SeamManifest manifest = new ManifestStore(config.target().seamDir(), spark.sparkContext().hadoopConfiguration())
        .require();
    StreamPosition position = new StreamPosition(spark, config.target());
    try (SourceFreeze freeze = SourceFreeze.take(config, connections, runId, "seam_parity_",
            spark.sparkContext().hadoopConfiguration());
        Connection catalogConnection = connections.open()) {
      Lsn f = freeze.position();
      PgCatalog catalog = new PgCatalog(catalogConnection);
      RowFingerprint.RowHash hash = rowHash(catalogConnection);
      SnapshotReader reader = new SnapshotReader(spark, connections, config.backfill());
      List<PlannedTable> planned = new ArrayList<>();
      for (TableConfig t : config.tables()) {
        planned.add(plan(t, manifest, catalog, hash, reader, freeze.snapshotName()));
      }
      // Neither needs the stream: the source's figures read the frozen snapshot, the warm-up only reads.
      try (SourceFiguresAhead sourceFigures = SourceFiguresAhead.start(planned.stream().map(PlannedTable::source).toList())) {
        Lsn applied;
        try (TargetWarmUp warmUp = TargetWarmUp.start(spark,
            planned.stream().map(p -> new TargetWarmUp.Table(p.name(), p.path(), p.fp())).toList())) {
          applied = freeze.awaitStream(position, manifest.slot());
        }
        ParityCut cut = freeze.cut(position);
        LOG.info("comparing exactly as of {}: the base tables overlaid with the change log's changes below"
            + " _seam_version {} (later ones committed after the freeze)", f, cut.firstVersionAfter().toPlainString());
        Instant counting = Instant.now();
        ChangedAfterFreeze later = ChangedAfterFreeze.count(spark, config.target(),
            planned.stream().map(PlannedTable::live).toList(), cut, CHANGED_AFTER_FREEZE_SAMPLE);
        LOG.info("{} key(s) of {} table(s) changed after the freeze (each compared as of it) [{} s]", later.total(),
            planned.size(), String.format("%.1f", Duration.between(counting, Instant.now()).toMillis() / 1000.0));
        List<TableParity> tables = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
          int index = i;
          PlannedTable p = planned.get(i);
          tables.add(table(p, cut, () -> sourceFigures.await(index, p.name()), later.of(p.live().table())));
        }
        freeze.requireHeldThroughout();
        boolean clean = tables.stream().allMatch(TableParity::clean);
        return new ParityReport(runId, config.source().describe(), started.toString(), Instant.now().toString(),
            f.toString(), applied.toString(), cut.firstVersionAfter().toPlainString(),
            clean ? Verdict.CLEAN : Verdict.DIFFERENCES, null, tables);
      }
    } catch (SQLException e) {
      throw new ParityException("reading the source catalog failed: " + e.getMessage(), e);
    }
  }

  /** PostgreSQL's own fast text hash when Seam's copy of it agrees with this server, else md5 (slower). */
  private RowFingerprint.RowHash rowHash(Connection c) throws SQLException {
    java.util.Optional<String> why = PgTextHash.disagreement(c);
    if (why.isPresent()) {
      LOG.info("row hashes: md5 (slower): this server's hashtextextended differs from Seam's copy ({})", why.get());
      return RowFingerprint.RowHash.MD5;
    }
    SparkCanonicalText.register(spark);
    LOG.info("row hashes: PostgreSQL's hashtextextended (Seam's copy for the target agrees with this server)");
    return RowFingerprint.RowHash.PG_TEXT_HASH;
  }

  /**
   * A table as the comparison will read it, known before the wait: the source side (its shape, splits
   * and snapshot) and the target's path.
   */
  private record PlannedTable(String name, RowFingerprint fp, SourceSide source, String path, LiveTablePlan live) {}

  private PlannedTable plan(TableConfig t, SeamManifest manifest, PgCatalog catalog, RowFingerprint.RowHash hash,
      SnapshotReader reader, String snapshot) {
    String name = t.table().display();
    SeamManifest.TableEntry entry = manifest.table(name).orElseThrow(() -> new ParityException("table " + name
        + " is configured but was never backfilled (not in the seam manifest): re-seam with --restart to add it"));
    TableDescription description = catalog.describe(t.table());
    RowFingerprint fp = new RowFingerprint(description, t, entry.primaryKey(), config.parity().keyBuckets(), hash);
    int parallelism = Math.max(1, spark.sparkContext().defaultParallelism());
    List<Split> splits = SplitPlanner.pagesApply(description, catalog.serverVersionNum())
        ? SplitPlanner.pageRanges(description.pages(),
            SplitPlanner.splitCount(description.pages(), description.blockSize(), config.backfill(), parallelism))
        : List.of(new Split.Whole());
    SourceSide source = new SourceSide(reader, connections, snapshot, description, fp, splits, parallelism);
    String path = config.target().tablePath(t.table());
    return new PlannedTable(name, fp, source, path, LiveTables.plan(spark, description, entry.primaryKey(), path));
  }

  private TableParity table(PlannedTable p, ParityCut cut, Supplier<SourceFiguresAhead.Timed> sourceFigures,
      ChangedAfterFreeze.Keys later) {
    Instant start = Instant.now();
    String name = p.name();
    RowFingerprint fp = p.fp();
    String path = p.path();
    // What analysts query, as of F: the base table overlaid with the change log's changes up to F, both pinned.
    TargetSide target = TargetSide.asOfFreeze(spark, config.target(), p.live(), path, cut, fp);
    Set<String> targetColumns = target.columns();
    for (String c : fp.columnNames()) {
      if (!targetColumns.contains(c)) {
        throw new ParityException("table " + name + ": source column " + c + " is not in the target yet (the stream"
            + " adds a new column with the first change that carries it); update a row or wait, then re-run parity");
      }
    }
    TableComparison comparison = new TableComparison(name, fp, p.source(), target, config.parity().maxRowsPerFetch(),
        config.parity().maxListedDifferences());
    TableParity result = comparison.run(sourceFigures, later);
    LOG.info("{}: {} source rows, {} target rows (base version {}{}), {} key(s) changed after the freeze and"
            + " compared as of it; {} of {} bucket(s) disagree, {} differing row(s) ({} missing, {} extra,"
            + " {} mismatched) [{} s: {}]",
        name, result.sourceRows(), result.targetRows(), result.deltaVersion(),
        result.logVersion() == null ? "" : ", change log version " + result.logVersion(), result.changedAfterFreeze(), result.mismatchedDays(),
        result.days().size(), result.differingRows(), result.missing(), result.extra(), result.mismatched(),
        String.format("%.1f", Duration.between(start, Instant.now()).toMillis() / 1000.0), comparison.clock());
    return result;
  }
}
