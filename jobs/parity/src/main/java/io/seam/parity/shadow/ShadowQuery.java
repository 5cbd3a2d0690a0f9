package io.seam.parity.shadow;

import io.seam.parity.ParityException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One of the team's report queries, as it runs on each engine: {@code <name>.sql} runs as written on both (the
 * portable subset: unqualified table names, standard SQL both engines read alike), or {@code <name>.pg.sql} and
 * {@code <name>.spark.sql} where the dialects differ. Leading {@code -- seam:} comment lines say how to compare
 * the results: {@code -- seam: ordered} (row order matters: the query's ORDER BY is part of the report) and
 * {@code -- seam: float_tolerance 1e-6} (relative, for float columns; default {@link #DEFAULT_FLOAT_TOLERANCE}).
 *
 * @param name the file name without its extensions
 * @param sourceSql the query PostgreSQL runs
 * @param targetSql the query Spark runs
 * @param ordered compare in order, not as multisets
 * @param floatTolerance the relative difference two float values may have and still agree
 */
public record ShadowQuery(String name, String sourceSql, String targetSql, boolean ordered, double floatTolerance) {
  public static final double DEFAULT_FLOAT_TOLERANCE = 1e-9;
  private static final String DIRECTIVE = "-- seam:";

  /** Every query in {@code dir}, by name; a half pair or an unknown directive is an error naming the file. */
  public static List<ShadowQuery> load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ParityException("shadow queries: " + dir + " is not a directory (--queries DIR: a .sql file per"
          + " query, or a .pg.sql and a .spark.sql file where the dialects differ)");
    }
    Map<String, Map<String, Path>> byName = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().endsWith(".sql")).forEach(p -> {
        String file = p.getFileName().toString();
        String kind = file.endsWith(".pg.sql") ? "pg" : file.endsWith(".spark.sql") ? "spark" : "both";
        String name = file.substring(0, file.length() - (kind.equals("both") ? 4 : kind.length() + 5));
        byName.computeIfAbsent(name, n -> new TreeMap<>()).put(kind, p);
      });
    } catch (IOException e) {
      throw new ParityException("shadow queries: cannot list " + dir + ": " + e.getMessage(), e);
    }
    if (byName.isEmpty()) {
      throw new ParityException("shadow queries: no .sql file in " + dir);
    }
    List<ShadowQuery> out = new ArrayList<>();
    byName.forEach((name, files) -> out.add(of(name, files)));
    return out;
  }

  private static ShadowQuery of(String name, Map<String, Path> files) {
    Path both = files.get("both");
    Path pg = files.get("pg");
    Path spark = files.get("spark");
    if (both != null && (pg != null || spark != null)) {
      throw new ParityException("shadow query " + name + ": both " + both.getFileName() + " and an engine's own file;"
          + " keep either the one portable file or the pair " + name + ".pg.sql and " + name + ".spark.sql");
    }
    if (both == null && (pg == null || spark == null)) {
      Path present = pg != null ? pg : spark;
      throw new ParityException("shadow query " + name + ": " + present.getFileName() + " has no pair; add "
          + name + (pg == null ? ".pg.sql" : ".spark.sql") + " (or rename it to " + name + ".sql if it runs as"
          + " written on both engines)");
    }
    String sourceSql = read(both != null ? both : pg);
    String targetSql = both != null ? sourceSql : read(spark);
    Options o = options(sourceSql, both != null ? both : pg);
    Options t = both != null ? o : options(targetSql, spark);
    if (!o.equals(t)) {
      throw new ParityException("shadow query " + name + ": its two files say different things in their '"
          + DIRECTIVE + "' lines (" + o + " and " + t + "); put the same lines in both");
    }
    return new ShadowQuery(name, strip(sourceSql), strip(targetSql), o.ordered(), o.floatTolerance());
  }

  private record Options(boolean ordered, double floatTolerance) {}

  private static Options options(String sql, Path file) {
    boolean ordered = false;
    double tolerance = DEFAULT_FLOAT_TOLERANCE;
    for (String line : sql.lines().toList()) {
      String l = line.strip();
      if (!l.startsWith("--") && !l.isEmpty()) {
        break;  // directives lead the file
      }
      if (!l.startsWith(DIRECTIVE)) {
        continue;
      }
      String[] words = l.substring(DIRECTIVE.length()).strip().split("\\s+");
      switch (words[0]) {
        case "ordered" -> ordered = true;
        case "float_tolerance" -> tolerance = tolerance(words, file);
        default -> throw new ParityException(file + ": unknown directive '" + l + "' (known: '" + DIRECTIVE
            + " ordered', '" + DIRECTIVE + " float_tolerance 1e-6')");
      }
    }
    return new Options(ordered, tolerance);
  }

  private static double tolerance(String[] words, Path file) {
    try {
      double t = Double.parseDouble(words.length > 1 ? words[1] : "");
      if (t >= 0 && t < 1) {
        return t;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new ParityException(file + ": float_tolerance needs a relative tolerance from 0 to below 1, e.g. '"
        + DIRECTIVE + " float_tolerance 1e-6'");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ParityException("shadow queries: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The statement without a trailing semicolon, which Spark refuses. */
  private static String strip(String sql) {
    String s = sql.strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
  }

  /** The directives, for the report. */
  public String comparedAs() {
    return (ordered ? "in order" : "as a multiset (order ignored)") + ", floats within " + floatTolerance
        + " (relative)";
  }
}
