package io.seam.cdc.envelope;

/** A record that is not a Debezium envelope Seam can apply; it goes to the dead-letter table. */
public final class EnvelopeException extends RuntimeException {
  public EnvelopeException(String message) {
    super(message);
  }
}
