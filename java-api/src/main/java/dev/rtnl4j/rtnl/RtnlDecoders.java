package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.ErrorMessage;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.codec.Rtm;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes every message of a received rtnetlink buffer into its record: {@link Link},
 * {@link Address}, {@link Route}, {@link Neighbour}, {@link ErrorMessage}; other types are skipped. For tools and
 * tests (the fuzz test feeds it mutated messages). Throws
 * {@link dev.rtnl4j.codec.MalformedMessageException} for anything that cannot be decoded.
 */
public final class RtnlDecoders {
  private RtnlDecoders() {}

  /**
   * Records of the messages in {@code buffer[0, limit)} (native byte order; its position is
   * not used).
   *
   * @throws dev.rtnl4j.codec.MalformedMessageException for anything that cannot be decoded
   * @throws IllegalArgumentException if the buffer is not in native byte order
   */
  public static List<Object> decodeAll(ByteBuffer buffer) {
    List<Object> out = new ArrayList<>();
    MessageCursor c = new MessageCursor(buffer);
    while (c.next()) {
      switch (c.type()) {
        case Rtm.RTM_NEWLINK, Rtm.RTM_DELLINK -> out.add(LinkCodec.decode(c));
        case Rtm.RTM_NEWADDR, Rtm.RTM_DELADDR -> out.add(AddressCodec.decode(c));
        case Rtm.RTM_NEWROUTE, Rtm.RTM_DELROUTE -> out.add(RouteCodec.decode(c));
        case Rtm.RTM_NEWNEIGH, Rtm.RTM_DELNEIGH -> out.add(NeighbourCodec.decode(c));
        case Nl.NLMSG_ERROR -> out.add(ErrorMessage.decode(c));
        default -> { }
      }
    }
    return out;
  }
}
