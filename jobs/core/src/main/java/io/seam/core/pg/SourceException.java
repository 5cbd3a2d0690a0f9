package io.seam.core.pg;

/** The source database refused or failed something; the message says which object and what to do. */
public final class SourceException extends RuntimeException {
  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
