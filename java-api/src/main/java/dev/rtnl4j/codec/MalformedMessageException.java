package dev.rtnl4j.codec;

/**
 * A netlink message that cannot be decoded: a length that runs past its container, an attribute
 * shorter than its header, a fixed-size value of the wrong size, a header that does not fit. Says
 * what was wrong and at which byte offset of the received buffer.
 */
public final class MalformedMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long offset;

  /** {@code what} was wrong at byte {@code offset} of the buffer being decoded. */
  public MalformedMessageException(String what, long offset) {
    super("malformed netlink message: " + what + " at offset " + offset);
    this.offset = offset;
  }

  /** Byte offset, in the buffer being decoded, where the problem was found. */
  public long offset() {
    return offset;
  }
}
