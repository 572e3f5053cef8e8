package dev.rtnl4j.proto;

import dev.rtnl4j.codec.MessageCursor;

/**
 * Turns one reply message (a {@code RTM_NEWLINK} of a dump...) into a value. Returns null to leave
 * the message out. Throws {@link dev.rtnl4j.codec.MalformedMessageException} when the message
 * cannot be decoded.
 */
@FunctionalInterface
public interface ReplyDecoder<T> {
  /** Decodes the message under {@code message}; it is only valid during the call. */
  T decode(MessageCursor message);
}
