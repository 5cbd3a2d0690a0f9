"""The naive baseline: one Spark JDBC partition reading the whole table, written to Delta as it is.
With OUT = noop the rows go to Spark's no-op sink instead: the read alone, to tell reading from writing.
Prints rows and seconds (the read and write only, not the session's start). Run by bench/run."""
import os
import sys
import time

from delta_session import delta_session

url, table, out, password_file = sys.argv[1:5]
spark = delta_session("bench-plain-jdbc", master="local[2]", conf={"spark.driver.memory": "4g"},
                      extra_jars=["jobs/parity/target/seam-parity-*-spark-submit.jar"])
props = {"user": os.environ.get("SEAM_PG_USER", "seam"), "password": open(password_file).read().strip(),
         "driver": "org.postgresql.Driver", "fetchsize": "10000"}
start = time.monotonic()
df = spark.read.jdbc(url, table, properties=props)
if out == "noop":
    df.write.format("noop").mode("overwrite").save()
    took = time.monotonic() - start
    rows = df.count()
else:
    df.write.format("delta").mode("overwrite").save(out)
    took = time.monotonic() - start
    rows = spark.read.format("delta").load(out).count()
print(f"{rows} {took:.2f}")
spark.stop()
