"""The write alone: the benchmark's orders rows generated inside Spark (no source, no JDBC), cached, then
written four ways: to Delta with its default statistics (every column), to Delta with statistics on the key
only (as Seam's backfill writes when no day_column is set), to Delta without per-file column statistics
(dataSkippingNumIndexedCols = 0), and to plain Parquet. Whatever reader feeds the backfill, it cannot
go faster than this write on this machine. Prints "kind seconds" lines. Run by bench/run."""
import shutil
import sys
import time

from delta_session import delta_session

rows, out = int(sys.argv[1]), sys.argv[2]
spark = delta_session("bench-write-ceiling", conf={"spark.driver.memory": "4g"})
# The same columns and value shapes as bench/orders.sql.
df = spark.range(1, rows + 1, numPartitions=spark.sparkContext.defaultParallelism).selectExpr(
    "id", "1 + id % 100000 AS customer_id", "element_at(array('new','paid','shipped','cancelled'), int(1 + id % 4)) AS status",
    "CAST(5 + (id * 7919 % 100000) / 100.0 AS DECIMAL(12,2)) AS amount", "'EUR' AS currency",
    "timestamp'2024-01-01 00:00:00' + make_interval(0,0,0,0,0,0, id * 13) AS created_at",
    "timestamp'2024-01-01 01:00:00' + make_interval(0,0,0,0,0,0, id * 13) AS updated_at",
    "CASE WHEN id % 4 = 2 THEN timestamp'2024-01-02 00:00:00' + make_interval(0,0,0,0,0,0, id * 13) END AS shipped_at",
    "CASE WHEN id % 5 = 0 THEN NULL ELSE concat('order note ', id) END AS note").cache()
df.count()


def timed(kind, write):
    shutil.rmtree(out, ignore_errors=True)
    start = time.monotonic()
    write()
    print(f"{kind} {time.monotonic() - start:.2f}", flush=True)


# Warm up first (class loading, JIT, Delta's log machinery), so no measured write pays for it.
df.limit(10000).write.format("delta").save(out + "-warmup")
df.limit(10000).write.parquet(out + "-warmup-parquet")
shutil.rmtree(out + "-warmup", ignore_errors=True)
shutil.rmtree(out + "-warmup-parquet", ignore_errors=True)
timed("delta", lambda: df.write.format("delta").save(out))
spark.conf.set("spark.databricks.delta.properties.defaults.dataSkippingStatsColumns", "id")
timed("delta-key-stats", lambda: df.write.format("delta").save(out))
spark.conf.unset("spark.databricks.delta.properties.defaults.dataSkippingStatsColumns")
spark.conf.set("spark.databricks.delta.properties.defaults.dataSkippingNumIndexedCols", "0")
timed("delta-no-stats", lambda: df.write.format("delta").save(out))
spark.conf.unset("spark.databricks.delta.properties.defaults.dataSkippingNumIndexedCols")
timed("parquet", lambda: df.write.parquet(out))
shutil.rmtree(out, ignore_errors=True)
spark.stop()
