package io.seam.core.launch;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.spark.SparkContext;

/**
 * Seam's lines stand out wherever a job runs. Under {@code spark-submit} with no logging configured, Spark logs
 * with its own INFO defaults, where a job's progress and summary lines drown; a job then switches to Seam's
 * settings (conf/log4j2.properties, carried in the jar as {@value #RESOURCE}). Logging that anybody configured
 * ({@code -Dlog4j2.configurationFile}, a log4j2.properties in Spark's conf/) is left as it is.
 */
public final class SeamLogging {
  static final String RESOURCE = "io/seam/log4j2.properties";
  private static final String SPARK_DEFAULTS = "org/apache/spark/log4j2-defaults.properties";
  private static volatile URI switchedTo;

  private SeamLogging() {}

  /** Before anything else of a job: switches to Seam's settings if nobody configured logging. */
  public static void useSeamSettingsUnlessConfigured() {
    LoggerContext context = sparkContext();
    if (System.getProperty("log4j2.configurationFile") != null || context == null
        || !isUnconfigured(context.getConfiguration())) {
      return;
    }
    URL seam = SeamLogging.class.getClassLoader().getResource(RESOURCE);
    if (seam == null) {
      return;  // a build without it: Spark's defaults stay
    }
    try {
      switchedTo = seam.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad resource URL " + seam, e);
    }
    // Also where log4j looks when Spark reconfigures logging as its context starts (it does when it had
    // loaded its defaults), so Seam's settings survive that.
    System.setProperty("log4j2.configurationFile", seam.toString());
    context.setConfigLocation(switchedTo);
    forgetSparkDefaults();
  }

  /**
   * Spark remembers that it loaded its defaults and, as its context starts, reloads logging then (its INFO lines
   * of the start would show). Told they are gone, it keeps the configuration in place. Spark-internal: if the
   * field moved, {@link #keepSeamSettings} still switches back after the start.
   */
  private static void forgetSparkDefaults() {
    try {
      Class<?> logging = Class.forName("org.apache.spark.internal.Logging$", true, SparkContext.class.getClassLoader());
      Object module = logging.getField("MODULE$").get(null);
      logging.getMethod("org$apache$spark$internal$Logging$$defaultSparkLog4jConfig_$eq", boolean.class)
          .invoke(module, false);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another Spark: the start logs at Spark's defaults, the job's own lines after it at Seam's
    }
  }

  /** After the SparkSession started: Seam's settings again, if the start put Spark's defaults back. */
  public static void keepSeamSettings() {
    LoggerContext context = sparkContext();
    if (switchedTo != null && context != null && isUnconfigured(context.getConfiguration())) {
      context.setConfigLocation(switchedTo);
    }
  }

  /**
   * The context Spark's own loggers write to: under spark-submit the job's jar has a class loader of its own, and
   * log4j gives each class loader a context of its own.
   */
  private static LoggerContext sparkContext() {
    return LogManager.getContext(SparkContext.class.getClassLoader(), false) instanceof LoggerContext c ? c : null;
  }

  /** Log4j's own fallback, or the defaults Spark loads when it finds no configuration. */
  static boolean isUnconfigured(Configuration configuration) {
    if (configuration instanceof DefaultConfiguration) {
      return true;
    }
    String location = configuration.getConfigurationSource() == null ? null
        : configuration.getConfigurationSource().getLocation();
    return location != null && location.endsWith(SPARK_DEFAULTS);
  }
}
