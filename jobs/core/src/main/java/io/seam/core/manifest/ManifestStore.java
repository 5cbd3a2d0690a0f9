package io.seam.core.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads and writes the seam manifest through Hadoop's FileSystem, so it works on a local disk and on
 * object storage alike. Writes go to a temporary file first so a reader never sees half a manifest.
 */
public final class ManifestStore {
  public static final String FILE_NAME = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;
  private final Configuration hadoop;

  public ManifestStore(String seamDir, Configuration hadoop) {
    this.file = new Path(seamDir, FILE_NAME);
    this.hadoop = hadoop;
  }

  public String location() {
    return file.toString();
  }

  public Optional<SeamManifest> read() {
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(file)) {
        return Optional.of(JSON.readValue(in, SeamManifest.class));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the seam manifest " + file + ": " + e.getMessage(), e);
    }
  }

  /** The manifest, or an error telling the user to run the backfill first. */
  public SeamManifest require() {
    SeamManifest m = read().orElseThrow(() -> new IllegalStateException(
        "no seam manifest at " + file + ": run the backfill for this migration first (bin/seam backfill)"));
    if (m.status() != SeamManifest.Status.COMPLETE) {
      throw new IllegalStateException("the backfill recorded in " + file + " is " + m.status()
          + ", not COMPLETE: re-run it with bin/seam backfill --restart");
    }
    if (m.ended() != null) {
      throw new IllegalStateException("this migration was finished at " + m.ended().at() + " by bin/seam finish"
          + " (final parity run " + m.ended().finalParityRun() + "): its slot " + m.slot() + " and publication "
          + m.publication() + " are dropped, so no stream or parity can run on it. To migrate again, start a new"
          + " seam: bin/seam backfill --config FILE --restart");
    }
    return m;
  }

  public void write(SeamManifest manifest) {
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      fs.mkdirs(file.getParent());
      Path tmp = new Path(file.getParent(), "." + FILE_NAME + ".tmp");
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(JSON.writeValueAsBytes(manifest));
      }
      fs.delete(file, false);
      if (!fs.rename(tmp, file)) {
        throw new IOException("rename of " + tmp + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the seam manifest " + file + ": " + e.getMessage(), e);
    }
  }

  public void delete() {
    try {
      file.getFileSystem(hadoop).delete(file, false);
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete the seam manifest " + file + ": " + e.getMessage(), e);
    }
  }
}
