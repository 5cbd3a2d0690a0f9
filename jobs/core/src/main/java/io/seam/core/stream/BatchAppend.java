package io.seam.core.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seam.core.Causes;
import io.seam.core.spark.DeltaSnapshots;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaHistoryManager;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.util.FileNames;

/**
 * A micro-batch's append to one of the stream's Delta tables, written at most once: the commit's userMetadata
 * names the writer, its app id (slot and seam) and the batch, and a batch at or below the last one so marked
 * is skipped (the job died between the commit and Spark's checkpoint, and the batch runs again). One process
 * appends a table's batches for an app (one apply job per migration), so a process reads the commits once.
 *
 * <p>Not Delta's own idempotent-write options (txnAppId, txnVersion): Delta 4.4 answers them from the table's
 * full state, reconstructed by three Spark jobs on every commit's new snapshot (about 0.8 s a write on an idle
 * 2-core machine, seconds under load; BENCHMARKS.md), where the newest few commit files answer this.
 */
public final class BatchAppend {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The last batch this process appended, by table and writer's app: the next batch's check needs no read of the
   * table's log. Only a process's first batch (the one a crash may have left committed) reads the commits.
   */
  private static final Map<Appender, Long> APPENDED = new ConcurrentHashMap<>();

  private record Appender(String path, String writer, String app) {}

  private BatchAppend() {}

  /**
   * What a commit says about itself: {@code writer} (e.g. "apply-cdc"), the {@code app} id, the {@code batch},
   * and any figures the writer adds.
   */
  public record Mark(String writer, String app, long batch, Map<String, Object> figures) {
    public String json() {
      Map<String, Object> seam = new LinkedHashMap<>();
      seam.put("operation", writer);
      seam.put("app", app);
      seam.put("batch", batch);
      seam.putAll(figures);
      try {
        return JSON.writeValueAsString(Map.of("seam", seam));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * The batch a commit's userMetadata marks for this writer and app, if it is one of theirs; a mark with a null
     * app matches the writer's commits of any app (a lake holds one seam's: a re-seam drops its tables).
     */
    Optional<Long> batchOf(String userMetadata) {
      if (userMetadata == null || userMetadata.isEmpty()) {
        return Optional.empty();
      }
      try {
        JsonNode seam = JSON.readTree(userMetadata).path("seam");
        return writer.equals(seam.path("operation").asText()) && (app == null || app.equals(seam.path("app").asText()))
            && seam.path("batch").canConvertToLong() ? Optional.of(seam.path("batch").asLong()) : Optional.empty();
      } catch (JsonProcessingException e) {
        return Optional.empty();  // another tool's metadata
      }
    }
  }

  /**
   * Appends {@code rows} under {@code mark} unless that batch (or a later one) of the writer is already in the
   * table. Returns whether it wrote.
   */
  public static boolean append(Dataset<Row> rows, String path, Mark mark, Map<String, String> options) {
    Appender appender = new Appender(path, mark.writer(), mark.app());
    Long appended = mark.app() == null ? null : APPENDED.get(appender);
    Optional<Long> last = appended != null ? Optional.of(appended) : lastBatch(rows.sparkSession(), path, mark);
    if (last.filter(b -> b >= mark.batch()).isPresent()) {
      return false;
    }
    // A write that fails may still have committed (an object store's answer lost): the next check reads the log.
    APPENDED.remove(appender);
    var writer = rows.write().format("delta").mode("append").options(options).option("userMetadata", mark.json());
    writer.save(path);
    if (mark.app() != null) {
      APPENDED.put(appender, mark.batch());
    }
    return true;
  }

  /**
   * The last batch the mark's writer and app committed to the table, from its newest commits backwards; empty
   * when the table does not exist or holds none of theirs.
   */
  public static Optional<Long> lastBatch(SparkSession spark, String path, Mark mark) {
    Snapshot snapshot = DeltaSnapshots.latest(spark, path);
    DeltaLog log = snapshot.deltaLog();
    long latest = snapshot.version();
    var hadoop = log.newDeltaHadoopConf();
    // Newest first; batches are sequential, so the first mark found is the last batch. Commit files older than
    // the log's retention are gone: none of the writer's marks is there then.
    for (long v = latest; v >= 0; v--) {
      Optional<CommitInfo> commit;
      try {
        commit = scala.jdk.javaapi.OptionConverters.toJava(DeltaHistoryManager.getCommitInfoOpt(log.store(),
            FileNames.unsafeDeltaFile(log.logPath(), v), hadoop));
      } catch (Exception e) {  // Scala throws the store's IOExceptions undeclared
        if (e instanceof java.io.FileNotFoundException || Causes.root(e) instanceof java.io.FileNotFoundException) {
          return Optional.empty();
        }
        throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot read the commits of " + path
            + ": " + e.getMessage(), e);
      }
      Optional<Long> batch = commit.flatMap(c -> mark.batchOf(c.userMetadata().isDefined() ? c.userMetadata().get()
          : null));
      if (batch.isPresent()) {
        return batch;
      }
    }
    return Optional.empty();
  }

}
