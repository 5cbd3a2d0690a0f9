package io.seam.parity.compare.run;

import io.seam.core.DaemonThreads;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.SourceErrors;
import io.seam.core.pg.TableDescription;
import io.seam.core.snapshot.SnapshotReader;
import io.seam.core.snapshot.SnapshotSession;
import io.seam.core.split.Split;
import io.seam.parity.compare.Bucket;
import io.seam.parity.compare.BucketStats;
import io.seam.parity.compare.Granularity;
import io.seam.parity.compare.fingerprint.RowFingerprint.Dialect;
import io.seam.parity.compare.fingerprint.RowFingerprint;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The source as of the freeze, inside the frozen snapshot. Figures are aggregated by PostgreSQL
 * itself, one query per page-range split run in parallel, so only per-bucket figures leave the
 * database; rows are read (by Spark) only for the buckets that disagree.
 */
public final class SourceSide {
  private final SnapshotReader reader;
  private final PgConnections connections;
  private final String snapshotName;
  private final TableDescription table;
  private final RowFingerprint fp;
  private final List<Split> splits;
  private final int parallelism;

  public SourceSide(SnapshotReader reader, PgConnections connections, String snapshotName, TableDescription table,
      RowFingerprint fp, List<Split> splits, int parallelism) {
    this.reader = reader;
    this.connections = connections;
    this.snapshotName = snapshotName;
    this.table = table;
    this.fp = fp;
    this.splits = List.copyOf(splits);
    this.parallelism = Math.max(1, parallelism);
  }

  /**
   * Figures per bucket over every row of the snapshot, optionally only inside some days: one query
   * per split, {@code parallelism} at a time, on the driver's own connections rather than Spark
   * tasks. Only per-bucket aggregates come back, and PostgreSQL's work then overlaps the target
   * side's Spark job instead of queueing for the same task slots.
   */
  public Map<Bucket, BucketStats> figures(Granularity g, List<String> onlyDays) {
    String filter = onlyDays.isEmpty() ? "true" : daysPredicate(onlyDays);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, splits.size()),
        DaemonThreads.named("seam-parity-source-" + table.table().display()));
    try {
      List<Future<Map<Bucket, BucketStats>>> parts = new ArrayList<>();
      for (Split split : splits) {
        String sql = select(g) + " WHERE (" + split.predicate() + ") AND (" + filter + ") GROUP BY "
            + fp.pgDayGroup() + ", 2";
        parts.add(pool.submit(() -> query(sql, "the figures of " + table.table() + " where "
            + split.predicate())));
      }
      Map<Bucket, BucketStats> out = new TreeMap<>();
      for (Future<Map<Bucket, BucketStats>> part : parts) {
        part.get().forEach((b, stats) -> out.merge(b, stats, BucketStats::plus));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the source figures of " + table.table(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs one figures query inside the frozen snapshot and reads its buckets. */
  private Map<Bucket, BucketStats> query(String sql, String what) {
    try (Connection c = SnapshotSession.open(connections, snapshotName)) {
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL TIME ZONE 'UTC'");  // timestamp keys arrive as Spark's UTC text (figures ignore it)
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        Map<Bucket, BucketStats> out = new TreeMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Bucket b = new Bucket(rs.getString(1), rs.getInt(2));
            List<BigDecimal> s = new ArrayList<>();
            for (int i = 0; i < fp.sums().size(); i++) {
              s.add(fp.sums().get(i).exact() ? rs.getBigDecimal(5 + i) : BigDecimal.valueOf(rs.getDouble(5 + i)));
            }
            out.put(b, new BucketStats(b, rs.getLong(3), rs.getBigDecimal(4), s));
          }
        }
        c.rollback();
        return out;
      }
    } catch (SQLException e) {
      throw SourceErrors.during("reading " + what + " in the frozen snapshot", e);
    }
  }

  private String select(Granularity g) {
    String day = fp.dayOf(Dialect.POSTGRES);
    String bucket = g == Granularity.FINE || !fp.hasDay() ? fp.keyBucket(Dialect.POSTGRES) : "-1";
    return "SELECT " + day + " AS seam_day, " + bucket + " AS seam_key_bucket, "
        + String.join(", ", fp.aggregates(Dialect.POSTGRES)) + " FROM " + table.table().quoted();
  }

  /** The snapshot's rows in the given buckets, typed exactly like the target's columns. */
  public Dataset<Row> rows(List<Bucket> buckets) {
    String filter = buckets.stream().map(this::bucketPredicate).collect(Collectors.joining(" OR "));
    List<String> predicates = splits.stream().map(s -> "(" + s.predicate() + ") AND (" + filter + ")").toList();
    return reader.read(table, predicates, snapshotName);
  }

  private String bucketPredicate(Bucket b) {
    String day = fp.pgDayPredicate(b.day());
    return b.wholeDay() ? "(" + day + ")" : "(" + day + " AND " + fp.keyBucket(Dialect.POSTGRES) + " = " + b.keyBucket()
        + ")";
  }

  private String daysPredicate(List<String> days) {
    return days.stream().map(d -> "(" + fp.pgDayPredicate(d) + ")").collect(Collectors.joining(" OR "));
  }
}
