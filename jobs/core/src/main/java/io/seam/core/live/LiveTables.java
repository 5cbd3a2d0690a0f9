package io.seam.core.live;

import io.seam.core.MetadataColumns;
import io.seam.core.config.TargetConfig;
import io.seam.core.pg.TableDescription;
import io.seam.core.spark.DeltaSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a table as analysts see it ({@link LiveTablePlan}): the base table overlaid with its unfolded
 * changes in the log. Pinned reads take the log's version first and the base's second: a change the
 * compactor deleted from the log before the log was pinned was folded into the base before that, so the
 * base read after it holds it. Also writes each table's view as a SQL file for other Spark sessions
 * ({@code _seam/views/<schema.table>.sql}).
 */
public final class LiveTables {
  public static final String VIEWS = "views";

  private LiveTables() {}

  /** A table read at one pinned pair of versions. */
  public record Pinned(Optional<Long> logVersion, long baseVersion, Dataset<Row> resolved) {

    /** Live rows only (no tombstones): what analysts query. */
    public Dataset<Row> live() {
      return resolved.where("NOT " + ColumnDecoding.quote(MetadataColumns.DELETED));
    }
  }

  /** The table's plan from the source's description and the base table's current columns. */
  public static LiveTablePlan plan(SparkSession spark, TableDescription description, List<String> primaryKey,
      String basePath) {
    List<ColumnDecoding> decodings = Arrays.stream(spark.read().format("delta").load(basePath).schema().fieldNames())
        .filter(c -> !MetadataColumns.isMetadata(c))
        .map(c -> ColumnDecoding.of(description, description.column(c).orElseThrow(() -> new IllegalStateException(
            "table " + description.table() + ": the target's column " + c + " is no longer at the source"))))
        .toList();
    return new LiveTablePlan(description.table().streamName(), decodings, primaryKey);
  }

  /** The table at the latest versions: the log pinned first, then the base. */
  public static Pinned read(SparkSession spark, TargetConfig target, LiveTablePlan plan, String basePath) {
    return latest(spark, target, plan, basePath, Optional.empty());
  }

  /**
   * The table exactly as of a frozen source position F: at the latest versions (the log pinned first), with
   * only the log's changes below F's cut. Exact while a {@link FreezeHold} keeps every change committed after F
   * out of the base (docs/parity.md): the base is then the source as of a point at or before F, and the log
   * holds every change since, those after F included, which the cut leaves out.
   */
  public static Pinned asOf(SparkSession spark, TargetConfig target, LiveTablePlan plan, String basePath,
      io.seam.core.ParityCut cut) {
    return latest(spark, target, plan, basePath, Optional.of("NOT (" + cut.afterPredicate("version") + ")"));
  }

  /** The table at the given versions (an absent log version reads as an empty log). */
  public static Pinned at(SparkSession spark, TargetConfig target, LiveTablePlan plan, String basePath,
      Optional<Long> logVersion, long baseVersion) {
    return at(spark, target, plan, basePath, logVersion, baseVersion, Optional.empty());
  }

  private static Pinned latest(SparkSession spark, TargetConfig target, LiveTablePlan plan, String basePath,
      Optional<String> logFilter) {
    Optional<Long> logVersion = ChangeLog.latestVersion(spark, ChangeLog.path(target));
    long baseVersion = DeltaSnapshots.latest(spark, basePath).version();
    return at(spark, target, plan, basePath, logVersion, baseVersion, logFilter);
  }

  /** {@code logFilter}: a predicate on the log's columns that its overlaid changes must meet, if any. */
  private static Pinned at(SparkSession spark, TargetConfig target, LiveTablePlan plan, String basePath,
      Optional<Long> logVersion, long baseVersion, Optional<String> logFilter) {
    String pinnedLog = ChangeLog.relation(ChangeLog.path(target), logVersion);
    String log = logVersion.isEmpty() ? ChangeLog.emptyRelation()
        : logFilter.map(f -> "(SELECT * FROM " + pinnedLog + " WHERE " + f + ")").orElse(pinnedLog);
    String base = ChangeLog.relation(basePath, Optional.of(baseVersion));
    return new Pinned(logVersion, baseVersion, spark.sql(plan.resolvedSql(base, log)));
  }

  /**
   * Writes each table's live view, unpinned, as one SQL query per file: {@code spark.sql(text)} in any session
   * with Delta reads what analysts are pointed to. Rewritten when a column is added.
   */
  public static void writeViews(SparkSession spark, TargetConfig target, Collection<View> views) {
    String log = ChangeLog.relation(ChangeLog.path(target), Optional.empty());
    for (View v : views) {
      String sql = v.plan().liveSql(ChangeLog.relation(v.basePath(), Optional.empty()), log);
      write(spark, new Path(target.seamPath(VIEWS), v.plan().table() + ".sql"), sql + "\n");
    }
  }

  /** A table's plan and where its base table is. */
  public record View(LiveTablePlan plan, String basePath) {}

  private static void write(SparkSession spark, Path file, String text) {
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(file, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
