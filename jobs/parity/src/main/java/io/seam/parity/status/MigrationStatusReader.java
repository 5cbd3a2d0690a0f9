package io.seam.parity.status;

import io.seam.core.config.MigrationConfig;
import io.seam.core.live.LiveTables;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.spark.DeltaSnapshots;
import io.seam.core.stream.StreamPosition;
import io.seam.parity.CutoverCheckJob;
import io.seam.parity.report.CutoverCheck;
import io.seam.parity.report.ReportTables;
import io.seam.parity.report.Verdict;
import io.seam.parity.shadow.ShadowRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Reads a {@link MigrationStatus} from what the jobs wrote: the manifest, the progress and history tables. */
public final class MigrationStatusReader {
  private final SparkSession spark;
  private final MigrationConfig config;

  public MigrationStatusReader(SparkSession spark, MigrationConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public MigrationStatus read() {
    Optional<SeamManifest> manifest = new ManifestStore(config.target().seamDir(),
        spark.sparkContext().hadoopConfiguration()).read();
    CutoverCheck.Decision cutover = CutoverCheckJob.decide(spark, config);
    return new MigrationStatus(manifest.map(MigrationStatusReader::seam).orElse(null),
        new StreamPosition(spark, config.target()).totals(), parityRuns(), shadowRuns(),
        new MigrationStatus.Cutover(cutover.ready(), cutover.reason()),
        manifest.map(SeamManifest::ended).orElse(null), config.target().seamPath(LiveTables.VIEWS));
  }

  static MigrationStatus.Seam seam(SeamManifest m) {
    Double took = m.startedAt() == null || m.finishedAt() == null ? null
        : Duration.between(Instant.parse(m.startedAt()), Instant.parse(m.finishedAt())).toNanos() / 1e9;
    List<MigrationStatus.Table> tables = m.tables().stream()
        .map(t -> new MigrationStatus.Table(t.table(), t.targetPath(), t.rowsWritten(), t.splits(), t.splitKind()))
        .toList();
    return new MigrationStatus.Seam(m.status().name(), m.slot(), m.publication(), m.seamLsn(), m.snapshotName(), took,
        tables);
  }

  private MigrationStatus.Runs parityRuns() {
    String history = ReportTables.historyPath(config.target());
    if (!DeltaSnapshots.exists(spark, history)) {
      return MigrationStatus.Runs.NONE;
    }
    Dataset<Row> runs = spark.read().format("delta").load(history);
    String summary = ReportTables.summaryPath(config.target());
    if (DeltaSnapshots.exists(spark, summary)) {
      Dataset<Row> rows = spark.read().format("delta").load(summary).groupBy("run_id")
          .agg(functions.sum("source_rows").as("compared"));
      runs = runs.join(rows, runs.col("run_id").equalTo(rows.col("run_id")), "left").drop(rows.col("run_id"));
    } else {
      runs = runs.withColumn("compared", functions.lit(0L));
    }
    return summarise(runs.selectExpr("run_id", "finished_at", "verdict", "freeze_lsn",
        "coalesce(compared, 0)", "coalesce(changed_after_freeze, 0)", "coalesce(differing_rows, 0)", "message",
        "report_html"));
  }

  private MigrationStatus.Runs shadowRuns() {
    String history = ShadowRunner.historyPath(config.target());
    if (!DeltaSnapshots.exists(spark, history)) {
      return MigrationStatus.Runs.NONE;
    }
    return summarise(spark.read().format("delta").load(history).selectExpr("run_id", "finished_at", "verdict",
        "freeze_lsn", "cast(coalesce(queries, 0) AS bigint)", "0L", "coalesce(differing_queries, 0)", "message",
        "report"));
  }

  /** One pass over a history's nine columns (as {@link MigrationStatus.Run} orders them): counts and the newest. */
  private static MigrationStatus.Runs summarise(Dataset<Row> runs) {
    List<Row> all = runs.orderBy("finished_at").collectAsList();
    List<MigrationStatus.Run> recent = new ArrayList<>();
    int clean = 0;
    for (int i = 0; i < all.size(); i++) {
      Row r = all.get(i);
      clean += Verdict.CLEAN.name().equals(r.getString(2)) ? 1 : 0;
      if (i >= all.size() - MigrationStatus.Runs.RECENT) {
        recent.add(new MigrationStatus.Run(r.getString(0), r.isNullAt(1) ? null : r.getTimestamp(1).toInstant().toString(),
            r.getString(2), r.getString(3), r.getLong(4), r.getLong(5), r.getLong(6), r.getString(7), r.getString(8)));
      }
    }
    return new MigrationStatus.Runs(all.size(), clean, recent, recent.isEmpty() ? null : recent.get(recent.size() - 1));
  }
}
