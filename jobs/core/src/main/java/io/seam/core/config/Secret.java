package io.seam.core.config;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a password comes from (an environment variable or a file) and, only when asked, its value.
 * Its {@code toString} never shows the value, so logging a config cannot leak it.
 */
public record Secret(String envVar, Path file) implements Serializable {

  /** The value, or an error naming both places that were tried. */
  public String reveal() {
    return reveal(System.getenv());
  }

  String reveal(Map<String, String> env) {
    if (file != null) {
      try {
        return Files.readString(file).strip();
      } catch (IOException e) {
        throw new ConfigException("cannot read the password file " + file + " (source.password_file): " + e.getMessage());
      }
    }
    String v = envVar == null ? null : env.get(envVar);
    if (v == null) {
      throw new ConfigException("no source password: set the environment variable " + envVar
          + " (source.password_env) or point source.password_file at a file holding it");
    }
    return v;
  }

  @Override
  public String toString() {
    return file != null ? "file:" + file : "env:" + envVar;
  }
}
