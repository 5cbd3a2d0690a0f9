package io.seam.parity.report;

/** What every report page shares: escaping, the head, the verdict banner, the run's facts. */
final class Html {
  private Html() {}

  /** The page's head and the verdict banner (green, red, amber) with the run's message under it, if any. */
  static void open(StringBuilder h, String title, Verdict verdict, String headline, String message) {
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title><style>").append(HtmlReport.CSS).append("</style></head><body>");
    String cls = switch (verdict) {
      case CLEAN -> "ok";
      case DIFFERENCES -> "diff";
      case COULD_NOT_RUN -> "warn";
    };
    h.append("<div class=\"verdict ").append(cls).append("\">").append(esc(headline)).append("</div>");
    if (message != null) {
      h.append("<p class=\"msg\">").append(esc(message)).append("</p>");
    }
  }

  /** One row of the run's facts table. */
  static void meta(StringBuilder h, String k, String v) {
    h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v == null ? "-" : v)).append("</td></tr>");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
