package io.seam.backfill;

import io.seam.backfill.progress.BackfillProgress;
import io.seam.core.snapshot.SnapshotReader;
import io.seam.core.split.SplitPlan;
import io.seam.backfill.writer.DeltaTableWriter;
import io.seam.backfill.writer.SeamStamp;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/** Reads one table's splits inside the snapshot and writes them to its Delta table. */
final class TableBackfill {
  private final SparkSession spark;
  private final SnapshotReader reader;
  private final DeltaTableWriter writer;
  private final BackfillProgress progress;

  TableBackfill(SparkSession spark, SnapshotReader reader, DeltaTableWriter writer, BackfillProgress progress) {
    this.spark = spark;
    this.reader = reader;
    this.writer = writer;
    this.progress = progress;
  }

  TableResult run(SourceTable table, SplitPlan plan, String targetPath, SeamStamp stamp) {
    Instant start = Instant.now();
    String group = table.name();
    progress.expect(group, table.description().estimatedRows(), plan.splits().size());
    spark.sparkContext().setJobGroup(group, "seam backfill " + group, true);
    try {
      DeltaTableWriter.Written written = writer.write(
          reader.read(table.description(), plan, stamp.snapshotName()), table.description(),
          table.primaryKey(), table.config().dayColumn(), targetPath, stamp);
      long read = progress.awaitRowsRead(group, plan.splits().size(), Duration.ofSeconds(30));
      if (read != written.rows()) {
        throw new IllegalStateException("table " + group + ": read " + read + " rows from the source but Delta"
            + " committed " + written.rows() + " at " + targetPath + "; the table is not trustworthy, re-run with --restart");
      }
      return new TableResult(table, plan, targetPath, read, written.rows(), written.deltaVersion(),
          Duration.between(start, Instant.now()));
    } finally {
      progress.finish(group);
      spark.sparkContext().clearJobGroup();
    }
  }
}
