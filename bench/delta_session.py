"""The local Spark session with Delta every bench script opens: the jars the parity job ships
(Spark's own classpath for Delta and the PostgreSQL driver), no UI, no progress bars, UTC, quiet logs."""
import glob
import os

from pyspark.sql import SparkSession


def delta_session(app, master="local[*]", extra_jars=(), conf=None):
    home = os.environ["SEAM_HOME"]
    jars = sorted(glob.glob(os.path.join(home, "jobs", "parity", "target", "spark-jars", "*.jar")))
    for pattern in extra_jars:
        jars += sorted(glob.glob(os.path.join(home, pattern)))
    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.jars", ",".join(jars)).config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false").config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
               .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
