package dev.rtnl4j.codec;

import java.nio.ByteBuffer;

/**
 * Maps the byte offset the kernel names in {@code NLMSGERR_ATTR_OFFS} back to the attribute of the
 * request it points into, in kernel words: {@code "IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER > IFLA_IFNAME"}.
 * Works on the request's own bytes (rtnetlink requests are re-encoded deterministically), so
 * nothing has to be kept per request for the rare error.
 */
public final class AttributePath {
  private AttributePath() {}

  private enum Space { LINK, LINKINFO, INFO_DATA_VETH, INFO_DATA_OTHER, PROP_LIST, ADDR, ROUTE, NEIGH, OPAQUE }

  /**
   * The path of attributes of the message at {@code buffer[start..]} (native byte order, e.g.
   * {@link MessageWriter#buffer()}) that contains byte
   * {@code offset} (relative to the message start), or null when the offset is in no attribute
   * (e.g. in the fixed header) or the message cannot be walked.
   */
  public static String describe(ByteBuffer buffer, int start, int offset) {
    try {
      MessageCursor c = new MessageCursor().reset(buffer, start, buffer.limit() - start);
      if (!c.next()) {
        return null;
      }
      int type = c.type();
      int fixed;
      Space space;
      switch (type) {
        case Rtm.RTM_NEWLINK, Rtm.RTM_DELLINK, Rtm.RTM_GETLINK, Rtm.RTM_SETLINK, Rtm.RTM_NEWLINKPROP, Rtm.RTM_DELLINKPROP -> {
          fixed = Ifla.IFINFOMSG_LEN;
          space = Space.LINK;
        }
        case Rtm.RTM_NEWADDR, Rtm.RTM_DELADDR, Rtm.RTM_GETADDR -> {
          fixed = Ifa.IFADDRMSG_LEN;
          space = Space.ADDR;
        }
        case Rtm.RTM_NEWROUTE, Rtm.RTM_DELROUTE, Rtm.RTM_GETROUTE -> {
          fixed = Rta.RTMSG_LEN;
          space = Space.ROUTE;
        }
        case Rtm.RTM_NEWNEIGH, Rtm.RTM_DELNEIGH, Rtm.RTM_GETNEIGH -> {
          fixed = Nda.NDMSG_LEN;
          space = Space.NEIGH;
        }
        default -> {
          return Nfnl.isNftables(type) ? NftAttributePath.describe(c, start + offset) : null;
        }
      }
      if (offset < Nl.NLMSG_HDRLEN + fixed || offset >= c.length()) {
        return null;
      }
      int abs = start + offset;
      StringBuilder path = new StringBuilder();
      walk(c.attributes(fixed, "fixed header", new AttributeCursor()), abs, space, path, null);
      return path.isEmpty() ? null : path.toString();
    } catch (MalformedMessageException e) {
      return null;
    }
  }

  /** The kernel's name of top-level attribute {@code attrType} of a message of {@code messageType}. */
  public static String name(int messageType, int attrType) {
    return switch (messageType) {
      case Rtm.RTM_NEWLINK, Rtm.RTM_DELLINK, Rtm.RTM_GETLINK, Rtm.RTM_SETLINK, Rtm.RTM_NEWLINKPROP,
          Rtm.RTM_DELLINKPROP -> Ifla.name(attrType);
      case Rtm.RTM_NEWADDR, Rtm.RTM_DELADDR, Rtm.RTM_GETADDR -> Ifa.name(attrType);
      case Rtm.RTM_NEWROUTE, Rtm.RTM_DELROUTE, Rtm.RTM_GETROUTE -> Rta.name(attrType);
      case Rtm.RTM_NEWNEIGH, Rtm.RTM_DELNEIGH, Rtm.RTM_GETNEIGH -> Nda.name(attrType);
      default -> Nfnl.isNftables(messageType) ? Nft.attributeName(messageType & 0xff, attrType)
          : "attribute " + (attrType & Nl.NLA_TYPE_MASK);
    };
  }

  private static void walk(AttributeCursor a, int abs, Space space, StringBuilder path, String kind) {
    String currentKind = kind;
    while (a.next()) {
      if (space == Space.LINKINFO && a.type() == Ifla.IFLA_INFO_KIND) {
        currentKind = a.string();
      }
      int end = a.payloadOffset() + a.payloadLength();
      if (abs < a.offset() || abs >= Math.max(end, a.offset() + Nl.NLA_HDRLEN)) {
        continue;
      }
      if (!path.isEmpty()) {
        path.append(" > ");
      }
      path.append(name(space, a.type()));
      if (abs < a.payloadOffset()) {
        return;
      }
      Space inner = innerSpace(space, a.type(), currentKind);
      if (inner == Space.OPAQUE) {
        return;
      }
      if (inner == Space.LINK && space == Space.INFO_DATA_VETH) {
        int p = a.payloadOffset() + Ifla.IFINFOMSG_LEN;
        if (abs < p || p > end) {
          return;
        }
        walk(new AttributeCursor().reset(a.buffer(), p, end), abs, Space.LINK, path, null);
        return;
      }
      walk(a.nested(), abs, inner, path, currentKind);
      return;
    }
  }

  private static Space innerSpace(Space space, int type, String kind) {
    return switch (space) {
      case LINK -> switch (type) {
        case Ifla.IFLA_LINKINFO -> Space.LINKINFO;
        case Ifla.IFLA_PROP_LIST -> Space.PROP_LIST;
        default -> Space.OPAQUE;
      };
      case LINKINFO -> type == Ifla.IFLA_INFO_DATA
          ? ("veth".equals(kind) ? Space.INFO_DATA_VETH : Space.INFO_DATA_OTHER)
          : Space.OPAQUE;
      case INFO_DATA_VETH -> type == Ifla.VETH_INFO_PEER ? Space.LINK : Space.OPAQUE;
      default -> Space.OPAQUE;
    };
  }

  private static String name(Space space, int type) {
    return switch (space) {
      case LINK, PROP_LIST -> Ifla.name(type);
      case LINKINFO -> Ifla.infoName(type);
      case INFO_DATA_VETH -> type == Ifla.VETH_INFO_PEER ? "VETH_INFO_PEER" : "attribute " + type;
      case ADDR -> Ifa.name(type);
      case ROUTE -> Rta.name(type);
      case NEIGH -> Nda.name(type);
      default -> "attribute " + type;
    };
  }
}
