package io.seam.core.pg;

import java.util.Locale;
import java.util.regex.Pattern;

/** Quoting of PostgreSQL identifiers and literals: every name that reaches SQL goes through here. */
public final class Identifiers {
  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

  private Identifiers() {}

  public static String quote(String identifier) {
    if (identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("identifier contains a NUL character");
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  public static String literal(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("literal contains a NUL character");
    }
    return "'" + value.replace("'", "''") + "'";
  }

  /** Only lower-case names need no quotes (keywords aside, which display quoted as well). */
  public static String display(String identifier) {
    return PLAIN.matcher(identifier).matches() && !SqlKeywords.isReserved(identifier.toLowerCase(Locale.ROOT))
        ? identifier : quote(identifier);
  }

  /** Replication slot and publication names are plain identifiers: reject anything else early. */
  public static String requireObjectName(String value, String option) {
    if (value == null || !value.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(option + " must be lower-case letters, digits and underscores"
          + " (at most 63, not starting with a digit), got '" + value + "'");
    }
    return value;
  }
}
