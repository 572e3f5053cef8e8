package dev.rtnl4j.proto;

import dev.rtnl4j.codec.ErrorMessage;
import dev.rtnl4j.codec.MessageWriter;

/**
 * The two steps of an exchange that {@link NetlinkChannel} performs, for callers that drive the
 * socket themselves (an event loop that sends a request now and completes its future when the
 * acknowledgement arrives): writing a request with a sequence number, and turning the kernel's
 * refusal into the same {@link KernelException} the channel throws. Stateless.
 */
public final class Requests {
  private Requests() {}

  /**
   * Writes {@code request} (its {@code nlmsghdr} with {@code seq}, {@code NLM_F_REQUEST} and
   * {@code extraFlags}, e.g. {@code NLM_F_ACK}, then its body) at the writer's position.
   *
   * @return the offset the message starts at
   */
  public static int encode(MessageWriter writer, Request request, int seq, int extraFlags) {
    int start = writer.position();
    NetlinkChannel.encode(writer, request, seq, extraFlags);
    return start;
  }

  /**
   * The exception for {@code request} refused with {@code error}: the errno name, what the
   * request did (with {@code namespaceLabel}, when not null, as "in netns ..."), the kernel's
   * ext-ack message and the offending attribute.
   *
   * @throws IllegalArgumentException when {@code error} is an acknowledgement, not a refusal
   */
  public static KernelException refusal(Request request, ErrorMessage error, String namespaceLabel) {
    if (error.isAck()) {
      throw new IllegalArgumentException("an acknowledgement is not a refusal: " + error);
    }
    return NetlinkChannel.toException(request, error, namespaceLabel);
  }
}
