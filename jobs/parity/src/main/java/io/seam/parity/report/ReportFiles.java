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
 * The report files a person reads: {@code reports/<run>/parity.json} and {@code parity.html} under
 * the parity directory, plus {@code latest.json} and {@code latest.html} beside them. Written through
 * Hadoop's file system, so an object-store target works the same as a local one.
 */
public final class ReportFiles {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private final String dir;
  private final Configuration hadoop;

  public ReportFiles(String parityDir, Configuration hadoop) {
    this.dir = parityDir;
    this.hadoop = hadoop;
  }

  public String htmlPath(String runId) {
    return dir + "/reports/" + runId + "/parity.html";
  }

  public String jsonPath(String runId) {
    return dir + "/reports/" + runId + "/parity.json";
  }

  public void write(ParityReport r) {
    try {
      String json = json(r);
      String html = HtmlReport.render(r);
      put(jsonPath(r.runId()), json);
      put(htmlPath(r.runId()), html);
      put(dir + "/latest.json", json);
      put(dir + "/latest.html", html);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the parity report under " + dir + ": " + e.getMessage(), e);
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
