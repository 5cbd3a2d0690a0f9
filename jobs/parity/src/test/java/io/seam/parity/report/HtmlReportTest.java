package io.seam.parity.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.parity.compare.Bucket;
import io.seam.parity.compare.BucketComparison;
import io.seam.parity.compare.BucketStats;
import io.seam.parity.compare.ColumnDifference;
import io.seam.parity.compare.DiffClass;
import io.seam.parity.compare.RowDifference;
import io.seam.parity.compare.TableParity;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static BucketComparison day(String d, long s, long t) {
    Bucket b = Bucket.ofDay(d);
    return new BucketComparison(b, new BucketStats(b, s, BigDecimal.ONE, List.of(BigDecimal.TEN)),
        new BucketStats(b, t, BigDecimal.ONE, List.of(BigDecimal.TEN)), s == t, List.of(true), true);
  }

  private static ParityReport report(Verdict v, List<RowDifference> diffs) {
    TableParity t = new TableParity("public.orders", "created_at", "Europe/Berlin", List.of("amount"), 7, 41L, 20, 19, 2,
        List.of("id=5", "id=6"), List.of(day("2024-01-01", 10, 10), day("2024-01-02", 10, 9)), List.of(), 10,
        diffs.size(), 0, 0, diffs);
    return new ParityReport("run1", "seam@db:5432/shop", "2026-11-22T08:00:00Z", "2026-11-22T08:01:00Z", "0/16B3748",
        "0/16B3800", "123", v, null, List.of(t));
  }

  @Test
  void verdictFirstThenTablesChartsAndEscapedRows() {
    RowDifference d = new RowDifference("id=7", "2024-01-02", DiffClass.MISSING_IN_TARGET,
        List.of(new ColumnDifference("note", "<script>alert(1)</script>", null, DiffClass.MISSING_IN_TARGET)));
    String html = HtmlReport.render(report(Verdict.DIFFERENCES, List.of(d)));
    assertThat(html.indexOf("DIFFERENCES")).isLessThan(html.indexOf("<h2>Tables"));
    assertThat(html).contains("<svg", "rows per day", "total amount per day", "class=\"bad\"", "id=7",
        "missing in target", "&lt;script&gt;").doesNotContain("<script>");
    assertThat(html).contains("2 key(s) changed after the freeze, compared as they were at it",
        "Delta version 7 overlaid with the change log's version 41", "changes below _seam_version 123");
  }

  @Test
  void aLongValueIsShortenedOnThePageWithBothEndsShownAndItsLengthSaid() {
    String filler = "a".repeat(100) + "b".repeat(1800) + "<tail>" + "c".repeat(34);
    RowDifference d = new RowDifference("id=3", "*", DiffClass.VALUE_MISMATCH,
        List.of(new ColumnDifference("filler", filler, "tampered", DiffClass.VALUE_MISMATCH)));
    String html = HtmlReport.render(report(Verdict.DIFFERENCES, List.of(d)));
    assertThat(html).contains("<code class=\"long\">" + "a".repeat(100) + "…&lt;tail&gt;" + "c".repeat(34) + "</code> <small>(1,940"
        + " characters, in full in parity.json)</small>", "<code>tampered</code>").doesNotContain("b".repeat(101));
  }

  @Test
  void aCleanRunSaysSo() {
    assertThat(HtmlReport.render(report(Verdict.CLEAN, List.of()))).contains("CLEAN — source and target agree");
  }

  @Test
  void jsonCarriesTheVerdictAndEveryDifference() {
    RowDifference d = new RowDifference("id=7", "2024-01-02", DiffClass.ROUNDING,
        List.of(new ColumnDifference("amount", "1.00", "1.01", DiffClass.ROUNDING)));
    String json = ReportFiles.json(report(Verdict.DIFFERENCES, List.of(d)));
    assertThat(json).contains("\"verdict\" : \"DIFFERENCES\"", "\"key\" : \"id=7\"", "\"kind\" : \"ROUNDING\"",
        "\"freezeLsn\" : \"0/16B3748\"");
  }
}
