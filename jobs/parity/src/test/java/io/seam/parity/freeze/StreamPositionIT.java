package io.seam.parity.freeze;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.Lsn;
import io.seam.core.config.TargetConfig;
import io.seam.core.live.ChangeLog;
import io.seam.core.stream.StreamPosition;
import io.seam.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A wait that starts before the apply job's first batch must see the progress table once it appears.
 * The apply job is another process, so the table is written elsewhere and copied into place (a write
 * through this JVM's Delta would refresh its cached log and hide the bug), into the empty _delta_log
 * folder the writer creates before its first commit: a look in that window must not blind later ones.
 */
@ExtendWith(SharedSpark.class)
class StreamPositionIT {

  @Test
  void progressTableCreatedAfterTheFirstLookIsSeen(SparkSession spark) throws Exception {
    Path lake = Files.createTempDirectory("seam-position");
    TargetConfig target = new TargetConfig(lake.toString());
    StreamPosition position = new StreamPosition(spark, target);
    assertThat(position.applied()).as("no progress table yet").isEmpty();
    Path table = Path.of(target.seamPath(StreamPosition.PROGRESS));
    Files.createDirectories(table.resolve("_delta_log"));
    assertThat(position.applied()).as("the first commit is still being written").isEmpty();

    StructType schema = new StructType().add("applied_lsn", DataTypes.LongType);
    Path elsewhere = Files.createTempDirectory("seam-position-writer").resolve("progress");
    spark.createDataFrame(List.of(RowFactory.create(4096L)), schema)
        .write().format("delta").save(elsewhere.toString());
    try (Stream<Path> files = Files.walk(elsewhere)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = table.resolve(elsewhere.relativize(f));
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    assertThat(position.applied()).as("the table another process created").contains(new Lsn(4096L));

    spark.createDataFrame(List.of(RowFactory.create(8192L)), schema)
        .write().format("delta").mode("append").save(target.seamPath(StreamPosition.PROGRESS));
    assertThat(position.applied()).contains(new Lsn(8192L));
  }

  /**
   * C_j from the commits the progress rows carry, and from the transactions table of a lake written
   * before the progress table held them (a migration upgraded mid-stream has both).
   */
  @Test
  void theLastCommitAtOrBeforeTheFreezeComesFromProgressRowsAndAnOlderTransactionsTable(SparkSession spark)
      throws Exception {
    TargetConfig target = new TargetConfig(Files.createTempDirectory("seam-commits").toString());
    StreamPosition position = new StreamPosition(spark, target);
    assertThat(position.lastCommitAtOrBefore(new Lsn(1000))).as("nothing recorded yet").isEmpty();

    spark.sql("SELECT 100L AS commit_lsn").write().format("delta").save(target.seamPath(StreamPosition.TRANSACTIONS));
    spark.sql("SELECT 300L AS applied_lsn, array(named_struct('commit_lsn', 200L, 'tx_id', 'a'),"
            + " named_struct('commit_lsn', 300L, 'tx_id', 'b')) AS commits"
            + " UNION ALL SELECT 500L, array(named_struct('commit_lsn', 500L, 'tx_id', 'c'))")
        .write().format("delta").save(target.seamPath(StreamPosition.PROGRESS));

    assertThat(position.lastCommitAtOrBefore(new Lsn(150))).as("only the older table's commit").contains(new Lsn(100));
    assertThat(position.lastCommitAtOrBefore(new Lsn(300))).contains(new Lsn(300));
    assertThat(position.lastCommitAtOrBefore(new Lsn(499))).as("inside a batch's commits").contains(new Lsn(300));
    assertThat(position.lastCommitAtOrBefore(new Lsn(99))).isEmpty();
    assertThat(position.applied()).contains(new Lsn(500));
  }

  /**
   * A batch commits its progress row and its change-log append side by side: a progress row whose changes are
   * not in the log yet (or never will be: the job died between the two commits) does not move the position.
   */
  @Test
  void theNewestProgressRowCountsOnlyOnceItsBatchIsInTheChangeLog(SparkSession spark) throws Exception {
    TargetConfig target = new TargetConfig(Files.createTempDirectory("seam-logged").toString());
    StreamPosition position = new StreamPosition(spark, target);
    String log = ChangeLog.path(target);
    ChangeLog.ensure(spark, log);
    progress(spark, target, 1, 100, 5);
    assertThat(position.applied()).as("batch 1's changes are not in the log yet").isEmpty();
    assertThat(position.lastCommitAtOrBefore(new Lsn(1000))).as("nor are its transactions applied").isEmpty();

    logBatch(spark, log, 1, 100);
    assertThat(position.applied()).contains(new Lsn(100));
    progress(spark, target, 2, 200, 3);
    assertThat(position.applied()).as("batch 2 logged nothing yet").contains(new Lsn(100));
    assertThat(position.lastCommitAtOrBefore(new Lsn(1000))).contains(new Lsn(100));

    logBatch(spark, log, 2, 200);
    progress(spark, target, 3, 300, 0);
    assertThat(position.applied()).as("a batch that changed nothing has nothing to wait for").contains(new Lsn(300));
    assertThat(position.lastCommitAtOrBefore(new Lsn(250))).contains(new Lsn(200));
  }

  private static void progress(SparkSession spark, TargetConfig target, long batch, long lsn, long changes) {
    spark.sql("SELECT " + batch + "L AS batch_id, " + lsn + "L AS applied_lsn, " + changes + "L AS changes,"
            + " current_timestamp() AS finished_at, array(named_struct('commit_lsn', " + lsn + "L)) AS commits")
        .write().format("delta").mode("append").save(target.seamPath(StreamPosition.PROGRESS));
  }

  private static void logBatch(SparkSession spark, String log, long batch, long lsn) {
    ChangeLog.append(spark.createDataFrame(List.of(RowFactory.create("public.t", batch,
        new java.math.BigDecimal(lsn), "u", null, new java.sql.Timestamp(0), batch, null)), ChangeLog.SCHEMA),
        log, "seam-apply:test", batch, lsn);
  }
}
