package io.seam.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local SparkSession per test JVM ({@code local[2]}, 2 shuffle partitions, Delta on, a temporary
 * warehouse), handed to tests as a parameter: {@code @ExtendWith(SharedSpark.class)}.
 */
public final class SharedSpark implements ParameterResolver {
  private static SparkSession session;

  public static synchronized SparkSession session() {
    if (session == null) {
      try {
        Path warehouse = Files.createTempDirectory("seam-test-warehouse");
        SparkSession.Builder builder = SparkSession.builder();
        io.seam.core.spark.SeamSpark.defaults("local[2]").forEach(builder::config);  // the jobs' settings, then the tests'
        session = builder
            .master("local[2]")
            .appName("seam-tests")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.warehouse.dir", warehouse.toString())
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.executor.heartbeatInterval", "2s")
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .getOrCreate();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return session;
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return session();
  }
}
