package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.codec.RawAttribute;
import dev.rtnl4j.codec.Rta;
import dev.rtnl4j.codec.Rtm;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Route messages: encoding of {@code RTM_NEWROUTE}/{@code RTM_DELROUTE}/{@code RTM_GETROUTE}, decoding of replies. */
final class RouteCodec {
  private RouteCodec() {}

  /** iproute2's default scope for adding. */
  static int defaultScope(RouteSpec s) {
    if (s.family() == Rtm.AF_INET6) {
      return Rtm.RT_SCOPE_UNIVERSE;
    }
    return switch (s.type()) {
      case LOCAL, NAT -> Rtm.RT_SCOPE_HOST;
      case BROADCAST, MULTICAST, ANYCAST -> Rtm.RT_SCOPE_LINK;
      case UNICAST, UNSPEC -> s.gateway() == null && s.nexthops().isEmpty() ? Rtm.RT_SCOPE_LINK : Rtm.RT_SCOPE_UNIVERSE;
      default -> Rtm.RT_SCOPE_UNIVERSE;
    };
  }

  static void encode(MessageWriter w, RouteSpec s, boolean delete) {
    int scope = s.scope() != null ? s.scope() : delete ? Rtm.RT_SCOPE_NOWHERE : defaultScope(s);
    int table = s.table();
    int type = delete && s.type() == RouteType.UNICAST ? Rtm.RTN_UNSPEC : s.type().value();
    int protocol = delete ? 0 : s.protocol();
    w.rtmsg(s.family(), s.prefixLength(), 0, 0, table < 256 ? table : Rtm.RT_TABLE_UNSPEC, protocol, scope, type,
        s.onlink() ? Rtm.RTNH_F_ONLINK : 0);
    if (table >= 256) {
      w.u32(Rta.RTA_TABLE, table);
    }
    if (s.destination() != null) {
      w.bytes(Rta.RTA_DST, s.destination().getAddress());
    }
    if (s.gateway() != null) {
      w.bytes(Rta.RTA_GATEWAY, s.gateway().getAddress());
    }
    if (s.outputLink() != 0) {
      w.u32(Rta.RTA_OIF, s.outputLink());
    }
    if (s.preferredSource() != null) {
      w.bytes(Rta.RTA_PREFSRC, s.preferredSource().getAddress());
    }
    if (s.metric() != null) {
      w.u32(Rta.RTA_PRIORITY, s.metric());
    }
    if (!s.nexthops().isEmpty()) {
      int mp = w.beginNested(Rta.RTA_MULTIPATH);
      for (Nexthop n : s.nexthops()) {
        int nh = w.beginNexthop(n.onlink() ? Rtm.RTNH_F_ONLINK : 0, n.weight() - 1, n.linkIndex());
        if (n.gateway() != null) {
          w.bytes(Rta.RTA_GATEWAY, n.gateway().getAddress());
        }
        w.endNexthop(nh);
      }
      w.endNested(mp);
    }
  }

  static Route decode(MessageCursor m) {
    if (m.type() != Rtm.RTM_NEWROUTE && m.type() != Rtm.RTM_DELROUTE) {
      throw new MalformedMessageException("expected RTM_NEWROUTE, got " + Rtm.typeName(m.type()), m.offset());
    }
    int h = m.requireFixedHeader(Rta.RTMSG_LEN, "rtmsg") - Rta.RTMSG_LEN;
    int family = m.u8(h);
    int dstLen = m.u8(h + 1);
    int srcLen = m.u8(h + 2);
    int tos = m.u8(h + 3);
    int table = m.u8(h + 4);
    int protocol = m.u8(h + 5);
    int scope = m.u8(h + 6);
    int type = m.u8(h + 7);
    int flags = m.s32(h + 8);
    Inet.requireInet(family, "RTM_NEWROUTE", h);
    int bits = Inet.bits(family);
    if (dstLen > bits || srcLen > bits) {
      throw new MalformedMessageException("prefix length " + Math.max(dstLen, srcLen) + " exceeds " + bits + " bits", h + 1);
    }
    AttributeCursor a = m.attributes(Rta.RTMSG_LEN, "rtmsg", new AttributeCursor());
    InetAddress dst = null;
    InetAddress src = null;
    InetAddress gw = null;
    InetAddress prefsrc = null;
    int oif = 0;
    int metric = 0;
    List<Nexthop> nexthops = new ArrayList<>();
    List<RawAttribute> unknown = new ArrayList<>();
    while (a.next()) {
      switch (a.type()) {
        case Rta.RTA_DST -> dst = Inet.read(a, family, "RTA_DST");
        case Rta.RTA_SRC -> src = Inet.read(a, family, "RTA_SRC");
        case Rta.RTA_GATEWAY -> gw = Inet.read(a, family, "RTA_GATEWAY");
        case Rta.RTA_PREFSRC -> prefsrc = Inet.read(a, family, "RTA_PREFSRC");
        case Rta.RTA_OIF -> oif = a.u32("RTA_OIF");
        case Rta.RTA_PRIORITY -> metric = a.u32("RTA_PRIORITY");
        case Rta.RTA_TABLE -> table = a.u32("RTA_TABLE");
        case Rta.RTA_MULTIPATH -> decodeMultipath(a, family, nexthops);
        default -> unknown.add(a.raw());
      }
    }
    return new Route(family, dst, dstLen, src, srcLen, tos, table, protocol, scope, type, flags, gw, oif, prefsrc,
        metric, nexthops, unknown);
  }

  private static void decodeMultipath(AttributeCursor a, int family, List<Nexthop> out) {
    int p = a.payloadOffset();
    int end = p + a.payloadLength();
    var buf = a.buffer();
    while (p < end) {
      if (end - p < Rta.RTNEXTHOP_LEN) {
        throw new MalformedMessageException((end - p) + " trailing bytes in RTA_MULTIPATH, too few for an rtnexthop", p);
      }
      int len = Short.toUnsignedInt(buf.getShort(p));
      if (len < Rta.RTNEXTHOP_LEN || len > end - p) {
        throw new MalformedMessageException("rtnexthop length " + len + " outside 8.." + (end - p), p);
      }
      int flags = Byte.toUnsignedInt(buf.get(p + 2));
      int hops = Byte.toUnsignedInt(buf.get(p + 3));
      int ifindex = buf.getInt(p + 4);
      if (ifindex < 0) {
        throw new MalformedMessageException("rtnexthop ifindex " + ifindex + " is negative", p + 4);
      }
      InetAddress gw = null;
      AttributeCursor inner = new AttributeCursor().reset(buf, p + Rta.RTNEXTHOP_LEN, p + len);
      while (inner.next()) {
        if (inner.type() == Rta.RTA_GATEWAY) {
          gw = Inet.read(inner, family, "RTA_GATEWAY in RTA_MULTIPATH");
        }
      }
      if (gw == null && ifindex == 0) {
        throw new MalformedMessageException("rtnexthop with neither gateway nor link", p);
      }
      out.add(new Nexthop(gw, ifindex, hops + 1, (flags & Rtm.RTNH_F_ONLINK) != 0, flags));
      p += Nl.align(len);
    }
  }
}
