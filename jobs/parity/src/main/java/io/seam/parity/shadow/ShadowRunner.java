package io.seam.parity.shadow;

import io.seam.core.ParityCut;
import io.seam.core.config.MigrationConfig;
import io.seam.core.config.TableConfig;
import io.seam.core.live.LiveTablePlan;
import io.seam.core.live.LiveTables;
import io.seam.core.manifest.ManifestStore;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.PgCatalog;
import io.seam.core.pg.PgConnections;
import io.seam.core.snapshot.SnapshotSession;
import io.seam.core.stream.StreamPosition;
import io.seam.parity.ParityException;
import io.seam.parity.freeze.SourceFreeze;
import io.seam.parity.report.ReportFiles;
import io.seam.parity.report.ReportTables;
import io.seam.parity.report.ShadowHtml;
import io.seam.parity.report.Verdict;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shadow run ({@code bin/seam shadow}, docs/shadow.md): freeze the source as parity does, wait for the stream,
 * then run each of the team's report queries on PostgreSQL inside the frozen snapshot and on Spark over every
 * migrated table exactly as of the freeze (a temporary view per table, named as the table), both sessions in UTC,
 * and compare the results ({@link ResultComparison}). Writes the reports beside parity's, under
 * {@code _seam/shadow}: JSON, HTML and the Delta table {@code history}.
 */
public final class ShadowRunner {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.parity");
  public static final String DIR = "shadow";
  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  static final StructType HISTORY = new StructType().add("run_id", DataTypes.StringType)
      .add("finished_at", DataTypes.TimestampType).add("freeze_lsn", DataTypes.StringType)
      .add("verdict", DataTypes.StringType).add("queries", DataTypes.IntegerType)
      .add("differing_queries", DataTypes.LongType).add("message", DataTypes.StringType)
      .add("report", DataTypes.StringType);

  private final SparkSession spark;
  private final MigrationConfig config;
  private final Path queries;

  public ShadowRunner(SparkSession spark, MigrationConfig config, Path queries) {
    this.spark = spark;
    this.config = config;
    this.queries = queries;
  }

  /** The report, where its page is. */
  public record Outcome(ShadowReport report, String htmlPath) {}

  /** The history of shadow runs, which cutover-check may require clean runs of. */
  public static String historyPath(io.seam.core.config.TargetConfig target) {
    return target.seamPath(DIR + "/history");
  }

  public Outcome run() {
    Instant started = Instant.now();
    String runId = "shadow-" + RUN_ID.format(started) + "-" + Long.toHexString(System.nanoTime() & 0xfffff);
    ShadowReport report;
    try {
      report = compare(runId, started);
    } catch (Exception e) {  // Spark's AnalysisException is checked in Java's eyes
      LOG.error("shadow could not run: {}", e.getMessage());
      report = new ShadowReport(runId, config.source().describe(), started.toString(), Instant.now().toString(), null,
          null, Verdict.COULD_NOT_RUN, e.getMessage(), List.of());
    }
    String dir = config.target().seamPath(DIR);
    ReportFiles files = new ReportFiles(dir, DIR, spark.sparkContext().hadoopConfiguration());
    files.write(report.runId(), report, ShadowHtml.render(report));
    Row row = RowFactory.create(report.runId(), java.sql.Timestamp.from(Instant.parse(report.finishedAt())),
        report.freezeLsn(), report.verdict().name(), report.queries().size(), report.differingQueries(),
        report.message(), files.htmlPath(report.runId()));
    ReportTables.append(spark, historyPath(config.target()), List.of(row), HISTORY);
    return new Outcome(report, files.htmlPath(report.runId()));
  }

  private ShadowReport compare(String runId, Instant started) throws SQLException {
    List<ShadowQuery> qs = ShadowQuery.load(queries);
    SeamManifest manifest = new ManifestStore(config.target().seamDir(), spark.sparkContext().hadoopConfiguration())
        .require();
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    PgConnections connections = new PgConnections(config.source());
    StreamPosition position = new StreamPosition(spark, config.target());
    try (SourceFreeze freeze = SourceFreeze.take(config, connections, runId, "seam_",
            spark.sparkContext().hadoopConfiguration());
        Connection source = SnapshotSession.open(connections, freeze.snapshotName())) {
      try (Statement st = source.createStatement()) {
        st.execute("SET LOCAL TimeZone = 'UTC'");
      }
      String applied = freeze.awaitStream(position, manifest.slot()).toString();
      ParityCut cut = freeze.cut(position);
      registerViews(manifest, new PgCatalog(source), cut);
      List<ShadowReport.QueryResult> results = new ArrayList<>();
      for (ShadowQuery q : qs) {
        results.add(query(q, source));
      }
      freeze.requireHeldThroughout();
      boolean same = results.stream().allMatch(ShadowReport.QueryResult::same);
      return new ShadowReport(runId, config.source().describe(), started.toString(), Instant.now().toString(),
          freeze.position().toString(), applied, same ? Verdict.CLEAN : Verdict.DIFFERENCES, null, results);
    }
  }

  /** Each migrated table as a temporary view named as the table: its rows exactly as of the freeze. */
  private void registerViews(SeamManifest manifest, PgCatalog catalog, ParityCut cut) {
    Map<String, String> named = new HashMap<>();
    for (TableConfig t : config.tables()) {
      String display = t.table().display();
      SeamManifest.TableEntry entry = manifest.table(display).orElseThrow(() -> new ParityException("table "
          + display + " is configured but was never backfilled (not in the seam manifest)"));
      String view = t.table().name();
      String before = named.put(view, display);
      if (before != null) {
        throw new ParityException("shadow: tables " + before + " and " + display + " would both be the view " + view
            + "; Spark's side names each table by its name alone, so migrate one of them under another config");
      }
      LiveTablePlan plan = LiveTables.plan(spark, catalog.describe(t.table()), entry.primaryKey(), entry.targetPath());
      LiveTables.asOf(spark, config.target(), plan, entry.targetPath(), cut).live()
          .drop(io.seam.core.MetadataColumns.FIELDS.stream().map(f -> f.name()).toArray(String[]::new))
          .createOrReplaceTempView(view);
    }
  }

  private ShadowReport.QueryResult query(ShadowQuery q, Connection source) {
    Instant s0 = Instant.now();
    ResultRows onSource;
    try {
      onSource = sourceRows(source, q.sourceSql());
    } catch (SQLException e) {
      return failed(q, "PostgreSQL: " + e.getMessage(), s0);
    }
    double sourceSeconds = seconds(s0);
    Instant t0 = Instant.now();
    ResultRows onTarget;
    try {
      onTarget = targetRows(spark.sql(q.targetSql()));
    } catch (Exception e) {
      return failed(q, "Spark: " + e.getMessage(), t0);
    }
    double targetSeconds = seconds(t0);
    ResultComparison.Outcome o = ResultComparison.compare(q, onSource, onTarget);
    LOG.info("shadow {}: {} ({} source row(s), {} target row(s){}) [PostgreSQL {} s, Spark {} s]", q.name(),
        o.same() ? "same" : o.differing() + " differing row(s)", o.sourceRows(), o.targetRows(),
        o.explanation().map(e -> "; " + e).orElse(""), String.format("%.1f", sourceSeconds),
        String.format("%.1f", targetSeconds));
    return new ShadowReport.QueryResult(q.name(), q.comparedAs(), o.columns(), o.sourceRows(), o.targetRows(),
        o.same(), o.differing(), o.listed(), o.explanation().orElse(null), sourceSeconds, targetSeconds, null);
  }

  private static ShadowReport.QueryResult failed(ShadowQuery q, String why, Instant from) {
    LOG.warn("shadow {}: the query failed on {}", q.name(), why);
    return new ShadowReport.QueryResult(q.name(), q.comparedAs(), List.of(), 0, 0, false, 0, List.of(), null,
        seconds(from), 0, "the query failed on " + why);
  }

  private static double seconds(Instant from) {
    return Duration.between(from, Instant.now()).toMillis() / 1000.0;
  }

  /** PostgreSQL's rows, each value read as the type its column has (timestamps with their zone, as instants). */
  static ResultRows sourceRows(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> r = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = switch (md.getColumnType(i)) {
            case Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(i, OffsetDateTime.class);
            case Types.TIMESTAMP -> "timestamptz".equals(md.getColumnTypeName(i))
                ? rs.getObject(i, OffsetDateTime.class) : rs.getObject(i, LocalDateTime.class);
            case Types.DATE -> rs.getObject(i, LocalDate.class);
            default -> rs.getObject(i);
          };
          r.add(ResultRows.normalize(v));
        }
        rows.add(r);
      }
      return new ResultRows(columns, rows);
    }
  }

  static ResultRows targetRows(Dataset<Row> result) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row r : result.collectAsList()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        out.add(ResultRows.normalize(r.get(i)));
      }
      rows.add(out);
    }
    return new ResultRows(List.of(result.columns()), rows);
  }
}
