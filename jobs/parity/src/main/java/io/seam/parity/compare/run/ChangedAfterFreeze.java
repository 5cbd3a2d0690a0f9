package io.seam.parity.compare.run;

import io.seam.core.ParityCut;
import io.seam.core.config.TargetConfig;
import io.seam.core.live.ChangeLog;
import io.seam.core.live.LiveTablePlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The keys of each table with a change committed after the freeze, in the change log (the hold keeps every
 * such change there, docs/parity.md section 3): how many, and the first few in key order. They are compared as
 * of the freeze like every other key; the report counts them for the reader who wonders how hot a table was.
 * Counted once per run for every table, in one Spark job over the log's latest version: per table it cost a job
 * of its own, 40% of a small table's comparison.
 */
public final class ChangedAfterFreeze {
  /** A table's keys with a change after the freeze: how many, and a sample. */
  public record Keys(long count, List<String> sample) {
    static final Keys NONE = new Keys(0, List.of());
  }

  private final Map<String, Keys> byTable;

  private ChangedAfterFreeze(Map<String, Keys> byTable) {
    this.byTable = Map.copyOf(byTable);
  }

  /** The keys of the table whose change-log name is {@code table}; none when it had no change after F. */
  public Keys of(String table) {
    return byTable.getOrDefault(table, Keys.NONE);
  }

  public long total() {
    return byTable.values().stream().mapToLong(Keys::count).sum();
  }

  public static ChangedAfterFreeze count(SparkSession spark, TargetConfig target, List<LiveTablePlan> plans,
      ParityCut cut, int sampleSize) {
    Optional<Long> version = ChangeLog.latestVersion(spark, ChangeLog.path(target));
    if (version.isEmpty() || plans.isEmpty()) {
      return new ChangedAfterFreeze(Map.of());
    }
    Map<String, Keys> out = new HashMap<>();
    for (Row r : spark.sql(sql(ChangeLog.relation(ChangeLog.path(target), version), plans, cut, sampleSize))
        .collectAsList()) {
      out.put(r.getString(0), new Keys(r.getLong(1), r.getList(2)));
    }
    return new ChangedAfterFreeze(out);
  }

  /** One query for every table: distinct keys after the cut, numbered in key order per table. */
  static String sql(String log, List<LiveTablePlan> plans, ParityCut cut, int sampleSize) {
    StringBuilder key = new StringBuilder("CASE table_name");
    for (LiveTablePlan p : plans) {
      key.append(" WHEN ").append(LiveTablePlan.literal(p.table())).append(" THEN ").append(p.keyTextSql());
    }
    key.append(" END");
    String tables = String.join(", ", plans.stream().map(p -> LiveTablePlan.literal(p.table())).toList());
    String later = "SELECT DISTINCT table_name, " + key + " AS k FROM " + log + " WHERE " + cut.afterPredicate("version")
        + " AND table_name IN (" + tables + ")";
    String numbered = "SELECT table_name, k, row_number() OVER (PARTITION BY table_name ORDER BY k) AS r FROM ("
        + later + ")";
    return "SELECT table_name, count(*) AS keys, array_sort(collect_list(k) FILTER (WHERE r <= " + sampleSize
        + ")) AS sample FROM (" + numbered + ") GROUP BY table_name";
  }
}
