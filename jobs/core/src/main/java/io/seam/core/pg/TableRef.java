package io.seam.core.pg;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL table name as the server sees it: unquoted parts fold to lower case, double-quoted
 * parts keep their case and may hold dots or spaces, exactly like in SQL.
 */
public record TableRef(String schema, String name) implements Serializable {

  public TableRef {
    if (schema == null || schema.isEmpty() || name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a table needs a schema and a name");
    }
  }

  /** Parses {@code orders}, {@code sales.orders} or {@code public."Order Lines"}; the schema defaults to public. */
  public static TableRef parse(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        if (cur.length() > 0) {
          throw new IllegalArgumentException("misplaced quote in table name " + text);
        }
        quoted = true;
        wasQuoted = true;
      } else if (c == '.') {
        parts.add(finish(cur, wasQuoted, text));
        cur.setLength(0);
        wasQuoted = false;
      } else if (wasQuoted) {
        throw new IllegalArgumentException("text after a closing quote in table name " + text);
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        cur.append(Character.toLowerCase(c));
      } else {
        throw new IllegalArgumentException("character '" + c + "' in table name " + text
            + " needs double quotes around that part of the name");
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unclosed quote in table name " + text);
    }
    parts.add(finish(cur, wasQuoted, text));
    if (parts.size() == 1) {
      return new TableRef("public", parts.get(0));
    }
    if (parts.size() == 2) {
      return new TableRef(parts.get(0), parts.get(1));
    }
    throw new IllegalArgumentException("table name " + text + " has more than schema.table");
  }

  private static String finish(StringBuilder cur, boolean wasQuoted, String text) {
    if (cur.length() == 0) {
      throw new IllegalArgumentException("empty part in table name '" + text + "'");
    }
    if (!wasQuoted && Character.isDigit(cur.charAt(0))) {
      throw new IllegalArgumentException("table name part " + cur + " in " + text + " starts with a digit; quote it");
    }
    return cur.toString();
  }

  /** The name quoted for SQL: {@code "public"."Order Lines"}. */
  public String quoted() {
    return Identifiers.quote(schema) + "." + Identifiers.quote(name);
  }

  /** The name as people write it: quotes only where SQL needs them. */
  /** The table as Debezium names it in every change ("schema.table", unquoted): the change log's key. */
  public String streamName() {
    return schema + "." + name;
  }

  public String display() {
    return Identifiers.display(schema) + "." + Identifiers.display(name);
  }

  /** A single path segment for the Delta table of this source table. */
  public String pathSegment() {
    return (schema + "." + name).replaceAll("[^A-Za-z0-9_.$-]", "_");
  }

  @Override
  public String toString() {
    return display();
  }
}
