package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.Nda;
import dev.rtnl4j.codec.Rtm;

/**
 * Turns one rtnetlink notification into a {@link NetworkEvent}, with the record decoders of
 * links, addresses, routes and neighbours. Notifications that are not about the IPv4/IPv6 world
 * of a namespace are left out (null): bridge-port link messages ({@code AF_BRIDGE}, sent when a
 * port joins or leaves a bridge, and not a link appearing or going), bridge forwarding entries,
 * multicast-routing families.
 */
final class EventCodec {
  private EventCodec() {}

  /** {@code ifi_change} of a link the kernel just registered. */
  static final int IFI_CHANGE_NEW = 0xffffffff;

  /** The event under {@code m}, or null when it is not one this library reports. */
  static NetworkEvent decode(MessageCursor m) {
    switch (m.type()) {
      case Rtm.RTM_NEWLINK, Rtm.RTM_DELLINK -> {
        int h = m.requireFixedHeader(Ifla.IFINFOMSG_LEN, "ifinfomsg") - Ifla.IFINFOMSG_LEN;
        if (m.u8(h) != Rtm.AF_UNSPEC) {
          return null; // AF_BRIDGE port information
        }
        Link link = LinkCodec.decode(m);
        if (m.type() == Rtm.RTM_DELLINK) {
          return new NetworkEvent.LinkRemoved(link);
        }
        return m.s32(h + 12) == IFI_CHANGE_NEW ? new NetworkEvent.LinkAdded(link) : new NetworkEvent.LinkChanged(link);
      }
      case Rtm.RTM_NEWADDR, Rtm.RTM_DELADDR -> {
        if (!inet(m)) {
          return null;
        }
        Address a = AddressCodec.decode(m);
        return m.type() == Rtm.RTM_NEWADDR ? new NetworkEvent.AddressAdded(a) : new NetworkEvent.AddressRemoved(a);
      }
      case Rtm.RTM_NEWROUTE, Rtm.RTM_DELROUTE -> {
        if (!inet(m)) {
          return null;
        }
        Route r = RouteCodec.decode(m);
        if (r == null) {
          return null;
        }
        return m.type() == Rtm.RTM_NEWROUTE ? new NetworkEvent.RouteAdded(r) : new NetworkEvent.RouteRemoved(r);
      }
      case Rtm.RTM_NEWNEIGH, Rtm.RTM_DELNEIGH -> {
        if (!inet(m)) {
          return null;
        }
        m.requireFixedHeader(Nda.NDMSG_LEN, "ndmsg");
        Neighbour n = NeighbourCodec.decode(m);
        return m.type() == Rtm.RTM_NEWNEIGH ? new NetworkEvent.NeighbourAdded(n) : new NetworkEvent.NeighbourRemoved(n);
      }
      default -> {
        return null;
      }
    }
  }

  /** The first byte of every rtnetlink fixed header here is the address family. */
  private static boolean inet(MessageCursor m) {
    if (m.payloadLength() < 1) {
      return false;
    }
    int family = m.u8(m.payloadOffset());
    return family == Rtm.AF_INET || family == Rtm.AF_INET6;
  }
}
