package io.seam.parity.shadow;

import io.seam.parity.report.Verdict;
import java.util.List;

/**
 * One shadow run: the team's report queries on both engines, as of one frozen position.
 *
 * @param verdict CLEAN when every query's results agree, DIFFERENCES when one does not, COULD_NOT_RUN otherwise
 * @param message why the run could not run, else null
 */
public record ShadowReport(String runId, String source, String startedAt, String finishedAt, String freezeLsn,
    String appliedLsn, Verdict verdict, String message, List<QueryResult> queries) {

  /**
   * A query's comparison.
   *
   * @param comparedAs how it was compared (in order or not, the float tolerance)
   * @param sourceSeconds PostgreSQL's time for the query inside the snapshot
   * @param targetSeconds Spark's time over the tables as of the freeze
   * @param error the query failed on one engine (then there is no comparison), else null
   */
  public record QueryResult(String name, String comparedAs, List<String> columns, long sourceRows, long targetRows,
      boolean same, long differing, List<ResultComparison.RowDiff> listed, String explanation, double sourceSeconds,
      double targetSeconds, String error) {}

  public long differingQueries() {
    return queries.stream().filter(q -> !q.same()).count();
  }
}
