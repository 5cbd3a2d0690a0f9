package io.seam.core.live;

/** A source column whose streamed form Seam cannot turn into the backfilled value exactly. */
public final class StreamTypeException extends RuntimeException {
  public StreamTypeException(String message) {
    super(message);
  }
}
