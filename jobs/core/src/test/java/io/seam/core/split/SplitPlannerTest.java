package io.seam.core.split;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.config.BackfillConfig;
import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TableRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SplitPlannerTest {
  private static final int PG15 = 150000;

  private static BackfillConfig config(int splits) {
    return BackfillConfig.defaults().withSplits(splits);
  }

  private static TableDescription table(char relkind, long pages, String pkType) {
    return new TableDescription(new TableRef("public", "t"), relkind, pages * 8192, 8192, 0, 'd',
        List.of(new ColumnInfo("id", 1, pkType, pkType, 'b', -1, true, null, (char) 0)), List.of("id"));
  }

  @Test
  void pageRangesCoverEveryPageOnceAndTheLastIsOpen() {
    List<Split> splits = SplitPlanner.pageRanges(1000, 3);
    assertThat(splits).containsExactly(new Split.PageRange(0, 333), new Split.PageRange(333, 666),
        new Split.PageRange(666, -1));
    assertThat(splits.get(0).predicate()).isEqualTo("ctid < '(333,0)'::tid");
    assertThat(splits.get(1).predicate()).isEqualTo("ctid >= '(333,0)'::tid AND ctid < '(666,0)'::tid");
    assertThat(splits.get(2).predicate()).isEqualTo("ctid >= '(666,0)'::tid");
  }

  @Test
  void pageRangesAreBalancedWithinOnePage() {
    List<Split> splits = SplitPlanner.pageRanges(1_000_003, 8);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < splits.size() - 1; i++) {
      Split.PageRange r = (Split.PageRange) splits.get(i);
      min = Math.min(min, r.endPage() - r.firstPage());
      max = Math.max(max, r.endPage() - r.firstPage());
    }
    assertThat(max - min).isLessThanOrEqualTo(1);
  }

  @Test
  void emptyOrTinyTablesGetOneOpenSplit() {
    assertThat(SplitPlanner.pageRanges(0, 8)).containsExactly(new Split.PageRange(0, -1));
    assertThat(SplitPlanner.pageRanges(0, 8).get(0).predicate()).isEqualTo("true");
    assertThat(SplitPlanner.pageRanges(3, 8)).hasSize(3);
  }

  @Test
  void splitCountFollowsSizeUnlessConfigured() {
    long gib = 1024L * 1024 * 1024 / 8192;
    assertThat(SplitPlanner.splitCount(gib, 8192, config(0), 2)).as("1 GiB at 128 MB per split").isEqualTo(8);
    assertThat(SplitPlanner.splitCount(10, 8192, config(0), 2)).as("tiny table").isEqualTo(1);
    assertThat(SplitPlanner.splitCount(1024, 8192, config(0), 2)).as("8 MB: one split per core").isEqualTo(2);
    assertThat(SplitPlanner.splitCount(1023, 8192, config(0), 2)).as("just under 8 MB").isEqualTo(1);
    assertThat(SplitPlanner.splitCount(1000 * gib, 8192, config(0), 2)).as("capped by max_splits").isEqualTo(256);
    assertThat(SplitPlanner.splitCount(10, 8192, config(5), 2)).isEqualTo(5);
  }

  @Test
  void ordinaryTablesOnModernServersUsePages() {
    SplitPlan plan = SplitPlanner.plan(table('r', 5000, "uuid"), List.of("id"), PG15, config(4), 2,
        c -> { throw new AssertionError("no key bounds needed"); });
    assertThat(plan.kind()).isEqualTo(SplitPlan.Kind.PAGE_RANGES);
    assertThat(plan.splits()).hasSize(4);
  }

  @Test
  void partitionedTablesFallBackToIntegerKeyRangesWithOpenEnds() {
    SplitPlan plan = SplitPlanner.plan(table('p', 0, "int8"), List.of("id"), PG15, config(4), 2,
        c -> Optional.of(new long[] {1, 100}));
    assertThat(plan.kind()).isEqualTo(SplitPlan.Kind.KEY_RANGES);
    assertThat(plan.splits()).containsExactly(new Split.KeyRange("id", null, 26L), new Split.KeyRange("id", 26L, 51L),
        new Split.KeyRange("id", 51L, 76L), new Split.KeyRange("id", 76L, null));
    assertThat(plan.splits().get(1).predicate()).isEqualTo("\"id\" >= 26 AND \"id\" < 51");
  }

  @Test
  void oldServersAndNonIntegerKeysFallBackFurther() {
    assertThat(SplitPlanner.plan(table('r', 5000, "int4"), List.of("id"), 130000, config(4), 2,
        c -> Optional.of(new long[] {0, 9})).kind()).isEqualTo(SplitPlan.Kind.KEY_RANGES);
    assertThat(SplitPlanner.plan(table('p', 0, "uuid"), List.of("id"), PG15, config(4), 2,
        c -> Optional.empty()).kind()).isEqualTo(SplitPlan.Kind.WHOLE);
    assertThat(SplitPlanner.plan(table('p', 0, "int4"), List.of("id"), PG15, config(4), 2,
        c -> Optional.empty()).splits()).as("empty table").containsExactly(new Split.Whole());
  }

  @Test
  void keyRangesNeverExceedTheKeySpan() {
    assertThat(SplitPlanner.keyRanges("id", 5, 6, 8)).hasSize(2);
  }
}
