package io.seam.core.config;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} and {@code ${NAME:-default}} in a config value, resolved from the environment, so one
 * config file serves every deployment and a scheduler can hand in connection details (Airflow passes
 * its connection's host, port, database and user this way). An unset variable without a default is an
 * error naming the key and the variable, never an empty value.
 */
final class EnvReferences {
  private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private EnvReferences() {}

  static String resolve(String value, String key, UnaryOperator<String> env) {
    if (!value.contains("${")) {
      return value;
    }
    Matcher m = REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = env.apply(m.group(1));
      if (v == null || v.isEmpty()) {
        v = m.group(2);
      }
      if (v == null) {
        throw new ConfigException(key + " refers to ${" + m.group(1) + "}, which is not set in the environment:"
            + " set it, or give a default as ${" + m.group(1) + ":-VALUE}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    if (out.indexOf("${") >= 0) {
      throw new ConfigException(key + " has a malformed environment reference in '" + value
          + "': write ${NAME} or ${NAME:-default}");
    }
    return out.toString();
  }
}
