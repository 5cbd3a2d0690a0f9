package io.seam.parity;

/** Parity could not reach a verdict (the stream did not reach the freeze, the source vanished, ...). */
public final class ParityException extends RuntimeException {
  public ParityException(String message) {
    super(message);
  }

  public ParityException(String message, Throwable cause) {
    super(message, cause);
  }
}
