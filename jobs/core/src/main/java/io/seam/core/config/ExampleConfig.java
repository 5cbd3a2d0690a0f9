package io.seam.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * conf/migration.example.yaml, rendered from {@link MigrationOptions}: every key with its value, its default
 * and what it does. {@code ExampleConfigTest} holds the file to this rendering; the file's header says how to
 * regenerate it.
 */
public final class ExampleConfig {
  /** The column the comments start at, and the width they wrap at. */
  private static final int COMMENT_COLUMN = 31;
  private static final int WIDTH = 116;
  private static final String HEADER = """
      # Seam migration config: one file for the backfill, the change stream (and the Debezium config
      # generated from it) and parity. Every key is shown with its default; keys marked "required" have none.
      # Unknown keys are errors, so a typo never goes unnoticed. Relative paths resolve against this file's folder.
      # Any value may refer to the environment: ${NAME}, or ${NAME:-default} when NAME is unset or empty
      # (e.g. host: ${SEAM_SOURCE_HOST}, as the Airflow DAG uses it); an unset NAME without a default is an error.
      # Generated from the options' one definition (io.seam.core.config.MigrationOptions), after a build:
      # java -cp jobs/core/target/classes io.seam.core.config.ExampleConfig > conf/migration.example.yaml
      """;

  private ExampleConfig() {}

  public static String render() {
    StringBuilder out = new StringBuilder(HEADER);
    String section = null;
    for (ConfigOption o : MigrationOptions.ALL) {
      boolean firstOfSection = !o.section().equals(section);
      if (firstOfSection) {
        section = o.section();
        out.append('\n');
        line(out, section + ":", MigrationOptions.SECTIONS.get(section));
      }
      boolean listItem = o.section().equals("tables");
      String indent = listItem ? (firstOfSection ? "  - " : "    ") : "  ";
      line(out, indent + (o.commented() ? "# " : "") + o.key() + ": " + o.documentedValue(), comment(o));
    }
    return out.toString();
  }

  private static String comment(ConfigOption o) {
    String d = o.description();
    String joint = d.isEmpty() || d.startsWith(";") || d.startsWith(" ") ? "" : ": ";
    return o.documentedDefault() + joint + d;
  }

  /** {@code code}, then {@code comment} from the comment column, wrapped onto lines of their own. */
  private static void line(StringBuilder out, String code, String comment) {
    if (comment == null || comment.isEmpty()) {
      out.append(code).append('\n');
      return;
    }
    int column = Math.max(COMMENT_COLUMN, code.length() + 1);
    List<String> lines = wrap(comment, WIDTH - column - 2, WIDTH - COMMENT_COLUMN - 2);
    out.append(code).append(" ".repeat(column - code.length())).append("# ").append(lines.get(0)).append('\n');
    for (String rest : lines.subList(1, lines.size())) {
      out.append(" ".repeat(COMMENT_COLUMN)).append("# ").append(rest).append('\n');
    }
  }

  private static List<String> wrap(String text, int firstWidth, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : text.split(" ")) {
      int limit = lines.isEmpty() ? firstWidth : width;
      if (current.length() > 0 && current.length() + 1 + word.length() > limit) {
        lines.add(current.toString());
        current.setLength(0);
      }
      if (current.length() > 0) {
        current.append(' ');
      }
      current.append(word);
    }
    lines.add(current.toString());
    return lines;
  }

  public static void main(String[] args) {
    System.out.print(render());
  }
}
