package io.seam.core.config;

/** A migration config that cannot be used; the message names the offending key and what to do. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
