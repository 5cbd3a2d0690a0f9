package io.seam.parity.report;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A small self-contained SVG line chart: source and target per day, disagreeing days marked with a
 * red band and dot. No scripts or external assets, so the report opens anywhere, offline.
 */
final class SvgChart {
  private static final int W = 900;
  private static final int H = 220;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 26;
  private static final int BOTTOM = 40;

  private SvgChart() {}

  static String render(String title, List<String> labels, List<Double> source, List<Double> target,
      Set<Integer> marked) {
    int n = labels.size();
    double max = 0;
    double min = 0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.max(source.get(i), target.get(i)));
      min = Math.min(min, Math.min(source.get(i), target.get(i)));
    }
    if (max == min) {
      max = min + 1;
    }
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    double step = n > 1 ? plotW / (n - 1) : 0;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"><title>").append(Html.esc(title)).append("</title>");
    s.append("<text x=\"").append(LEFT).append("\" y=\"16\" class=\"ct\">").append(Html.esc(title)).append("</text>");
    double band = Math.max(4, step);
    for (int i : marked) {
      double x = LEFT + i * step;
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" class=\"bad\"/>",
          x - band / 2, TOP, band, plotH));
    }
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"axis\"/>",
        LEFT, TOP + plotH, W - RIGHT, TOP + plotH));
    for (double f : new double[] {0, 0.5, 1}) {
      double y = TOP + plotH - f * plotH;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"yl\">%s</text>", LEFT - 6, y + 4,
          Html.esc(compact(min + f * (max - min)))));
    }
    int every = Math.max(1, n / 8);
    for (int i = 0; i < n; i += every) {
      // The last label ends at the plot's edge instead of centring past it (the SVG would clip it).
      String anchor = n > 1 && i == n - 1 ? " style=\"text-anchor:end\"" : "";
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"xl\"%s>%s</text>", LEFT + i * step,
          H - BOTTOM + 16, anchor, Html.esc(labels.get(i))));
    }
    s.append(line(source, min, max, step, plotH, "src"));
    s.append(line(target, min, max, step, plotH, "tgt"));
    for (int i : marked) {
      double y = TOP + plotH - (target.get(i) - min) / (max - min) * plotH;
      s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" class=\"dot\"><title>%s</title></circle>",
          LEFT + i * step, y, Html.esc(labels.get(i) + ": source " + compact(source.get(i)) + ", target "
              + compact(target.get(i)))));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"lg src-t\">&#9632; source</text>"
        + "<text x=\"%d\" y=\"%d\" class=\"lg tgt-t\">&#9632; target</text>", W - 200, 16, W - 110, 16));
    return s.append("</svg>").toString();
  }

  private static String line(List<Double> v, double min, double max, double step, double plotH, String cls) {
    StringBuilder pts = new StringBuilder();
    for (int i = 0; i < v.size(); i++) {
      double y = TOP + plotH - (v.get(i) - min) / (max - min) * plotH;
      pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + i * step, y));
    }
    return "<polyline points=\"" + pts.toString().trim() + "\" class=\"" + cls + "\"/>";
  }

  static String compact(double v) {
    double a = Math.abs(v);
    if (a >= 1e9) {
      return String.format(Locale.ROOT, "%.1fG", v / 1e9);
    }
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    if (a >= 1e4) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%d", (long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
