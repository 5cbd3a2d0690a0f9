package io.seam.parity.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The report files a person reads: {@code reports/<run>/<kind>.json} and {@code <kind>.html} under a run kind's
 * directory (parity's, shadow's), plus {@code latest.json} and {@code latest.html} beside them. Written through
 * Hadoop's file system, so an object-store target works the same as a local one.
 */
public final class ReportFiles {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private final String dir;
  private final String kind;
  private final Configuration hadoop;

  /** Parity's files ({@code parity.json}, {@code parity.html}). */
  public ReportFiles(String parityDir, Configuration hadoop) {
    this(parityDir, "parity", hadoop);
  }

  public ReportFiles(String dir, String kind, Configuration hadoop) {
    this.dir = dir;
    this.kind = kind;
    this.hadoop = hadoop;
  }

  public String htmlPath(String runId) {
    return dir + "/reports/" + runId + "/" + kind + ".html";
  }

  public String jsonPath(String runId) {
    return dir + "/reports/" + runId + "/" + kind + ".json";
  }

  public void write(ParityReport r) {
    write(r.runId(), r, HtmlReport.render(r));
  }

  /** A run's report, as JSON (any record) and its page. */
  public void write(String runId, Object report, String html) {
    try {
      String json = JSON.writeValueAsString(report);
      put(jsonPath(runId), json);
      put(htmlPath(runId), html);
      put(dir + "/latest.json", json);
      put(dir + "/latest.html", html);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the " + kind + " report under " + dir + ": " + e.getMessage(), e);
    }
  }

  public static String json(ParityReport r) {
    try {
      return JSON.writeValueAsString(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void put(String file, String text) throws IOException {
    Path p = new Path(file);
    FileSystem fs = p.getFileSystem(hadoop);
    try (OutputStream out = fs.create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
