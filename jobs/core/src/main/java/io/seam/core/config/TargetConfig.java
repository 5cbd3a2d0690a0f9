package io.seam.core.config;

import java.io.Serializable;

/** Where the Delta tables live: a local path or any Hadoop URI (s3a://, abfss://, gs://). */
public record TargetConfig(String path) implements Serializable {

  public String tablePath(io.seam.core.pg.TableRef table) {
    return join("tables/" + table.pathSegment());
  }

  /** Seam's own bookkeeping (manifest, dead letters, parity reports) sits beside the tables. */
  public String seamDir() {
    return join("_seam");
  }

  public String seamPath(String name) {
    return join("_seam/" + name);
  }

  private String join(String child) {
    return path.endsWith("/") ? path + child : path + "/" + child;
  }
}
