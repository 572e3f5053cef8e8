package dev.rtnl4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rtnl4j.codec.Ifa;
import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.RawAttribute;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.rtnl.Address;
import dev.rtnl4j.rtnl.AddressText;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.Neighbour;
import dev.rtnl4j.rtnl.NeighbourState;
import dev.rtnl4j.rtnl.Route;
import dev.rtnl4j.rtnl.RouteType;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Renders links, addresses, routes and neighbours as iproute2's {@code ip -j} does: the same field
 * names, values and order where rtnl4j models the attribute, and fields left out where ip leaves
 * them out (route protocol {@code boot}, scope {@code global}, table {@code main}...). The text
 * listings are built from the same objects, so both views always agree.
 */
final class IpJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** ip's order of {@code ifi_flags} names (print_link_flags). */
  private static final int[] FLAG_BITS = {0x8, 0x2, 0x10, 0x1000, 0x80, 0x200, 0x100, 0x400, 0x800, 0x4, 0x8000,
      0x4000, 0x2000, 0x20, 0x1, 0x10000, 0x20000, 0x40000};
  private static final String[] FLAG_NAMES = {"LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP",
      "ALLMULTI", "PROMISC", "MASTER", "SLAVE", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL", "NOTRAILERS", "UP",
      "LOWER_UP", "DORMANT", "ECHO"};
  private static final int IFF_UP = 0x1;
  private static final int IFF_RUNNING = 0x40;

  private IpJson() {}

  /** One {@code ip -j link show} object. */
  static ObjectNode link(Link l, IntFunction<String> names) {
    ObjectNode o = F.objectNode();
    o.put("ifindex", l.index());
    if (l.linkIndex() != 0) {
      if (l.linkNetnsId() >= 0) {
        o.put("link_index", l.linkIndex());
        o.put("link_netnsid", l.linkNetnsId());
      } else {
        String peer = names.apply(l.linkIndex());
        if (peer != null) {
          o.put("link", peer);
        } else {
          o.putNull("link");
        }
      }
    }
    o.put("ifname", l.name());
    ArrayNode flags = o.putArray("flags");
    for (String f : flagNames(l.flags())) {
      flags.add(f);
    }
    if (l.mtu() > 0) {
      o.put("mtu", l.mtu());
    }
    String qdisc = stringAttribute(l.unknown(), Ifla.IFLA_QDISC);
    if (qdisc != null) {
      o.put("qdisc", qdisc);
    }
    if (l.master() != 0) {
      String m = names.apply(l.master());
      o.put("master", m == null ? Integer.toString(l.master()) : m);
    }
    o.put("operstate", operState(l.operState()));
    o.put("txqlen", l.txQueueLength());
    o.put("link_type", linkType(l.type()));
    if (l.address() != null) {
      o.put("address", l.address().toString());
    }
    if (l.broadcast() != null) {
      o.put("broadcast", l.broadcast().toString());
    }
    if (l.alias() != null) {
      o.put("ifalias", l.alias());
    }
    if (!l.altNames().isEmpty()) {
      ArrayNode alt = o.putArray("altnames");
      l.altNames().forEach(alt::add);
    }
    return o;
  }

  /** One element of {@code addr_info}. */
  static ObjectNode address(Address a) {
    ObjectNode o = F.objectNode();
    o.put("family", a.family() == Rtm.AF_INET6 ? "inet6" : "inet");
    InetAddress local = a.ip();
    o.put("local", text(local));
    if (a.local() != null && a.address() != null && !a.local().equals(a.address())) {
      o.put("address", text(a.address()));
    }
    o.put("prefixlen", a.prefixLength());
    if (a.broadcast() != null) {
      o.put("broadcast", text(a.broadcast()));
    }
    o.put("scope", scope(a.scope()));
    int f = a.flags();
    flag(o, f, Ifa.IFA_F_SECONDARY, a.family() == Rtm.AF_INET6 ? "temporary" : "secondary");
    flag(o, f, Ifa.IFA_F_TENTATIVE, "tentative");
    flag(o, f, Ifa.IFA_F_DEPRECATED, "deprecated");
    flag(o, f, Ifa.IFA_F_HOMEADDRESS, "home");
    flag(o, f, Ifa.IFA_F_NODAD, "nodad");
    flag(o, f, Ifa.IFA_F_OPTIMISTIC, "optimistic");
    flag(o, f, Ifa.IFA_F_MANAGETEMPADDR, "mngtmpaddr");
    flag(o, f, Ifa.IFA_F_NOPREFIXROUTE, "noprefixroute");
    flag(o, f, Ifa.IFA_F_MCAUTOJOIN, "autojoin");
    flag(o, f, Ifa.IFA_F_STABLE_PRIVACY, "stable-privacy");
    flag(o, f, Ifa.IFA_F_DADFAILED, "dadfailed");
    if ((f & Ifa.IFA_F_PERMANENT) == 0 && a.lifetime() != null && !a.lifetime().permanent()) {
      o.put("dynamic", true);
    }
    if (a.label() != null) {
      o.put("label", a.label());
    }
    if (a.lifetime() != null) {
      o.put("valid_life_time", a.lifetime().valid());
      o.put("preferred_life_time", a.lifetime().preferred());
    }
    return o;
  }

  private static void flag(ObjectNode o, int flags, int bit, String name) {
    if ((flags & bit) != 0) {
      o.put(name, true);
    }
  }

  /** One {@code ip -j route show} object. */
  static ObjectNode route(Route r, IntFunction<String> names) {
    ObjectNode o = F.objectNode();
    RouteType type = r.routeType();
    if (type != RouteType.UNICAST) {
      o.put("type", type == null ? Integer.toString(r.type()) : type.name().toLowerCase(Locale.ROOT));
    }
    o.put("dst", destination(r));
    if (r.gateway() != null) {
      o.put("gateway", text(r.gateway()));
    }
    if (r.outputLink() != 0) {
      String dev = names.apply(r.outputLink());
      o.put("dev", dev == null ? "if" + r.outputLink() : dev);
    }
    if (r.table() != Rtm.RT_TABLE_MAIN) {
      o.put("table", table(r.table()));
    }
    if (r.protocol() != Rtm.RTPROT_BOOT) {
      o.put("protocol", protocol(r.protocol()));
    }
    if (r.scope() != Rtm.RT_SCOPE_UNIVERSE) {
      o.put("scope", scope(r.scope()));
    }
    if (r.metric() != 0 || r.family() == Rtm.AF_INET6) {
      o.put("metric", Integer.toUnsignedLong(r.metric()));
    }
    if (r.preferredSource() != null) {
      o.put("prefsrc", text(r.preferredSource()));
    }
    ArrayNode flags = o.putArray("flags");
    int f = r.flags();
    if ((f & 1) != 0) {
      flags.add("dead");
    }
    if ((f & 4) != 0) {
      flags.add("onlink");
    }
    if ((f & 2) != 0) {
      flags.add("pervasive");
    }
    if ((f & 8) != 0) {
      flags.add("offload");
    }
    if ((f & 16) != 0) {
      flags.add("linkdown");
    }
    return o;
  }

  /** One {@code ip -j neigh show} object. */
  static ObjectNode neighbour(Neighbour n, IntFunction<String> names) {
    ObjectNode o = F.objectNode();
    if (n.destination() != null) {
      o.put("dst", text(n.destination()));
    }
    String dev = names.apply(n.linkIndex());
    o.put("dev", dev == null ? "if" + n.linkIndex() : dev);
    if (n.linkAddress() != null) {
      o.put("lladdr", n.linkAddress().toString());
    }
    if (n.router()) {
      o.putNull("router");
    }
    if (n.proxy()) {
      o.putNull("proxy");
    }
    ArrayNode state = o.putArray("state");
    for (NeighbourState s : NeighbourState.values()) {
      if ((n.state() & s.bit()) != 0) {
        state.add(s.name());
      }
    }
    return o;
  }

  static List<String> flagNames(int flags) {
    List<String> out = new java.util.ArrayList<>();
    if ((flags & IFF_UP) != 0 && (flags & IFF_RUNNING) == 0) {
      out.add("NO-CARRIER");
    }
    for (int i = 0; i < FLAG_BITS.length; i++) {
      if ((flags & FLAG_BITS[i]) != 0) {
        out.add(FLAG_NAMES[i]);
      }
    }
    return out;
  }

  static String operState(int s) {
    return switch (s) {
      case Ifla.IF_OPER_UNKNOWN -> "UNKNOWN";
      case Ifla.IF_OPER_NOTPRESENT -> "NOTPRESENT";
      case Ifla.IF_OPER_DOWN -> "DOWN";
      case Ifla.IF_OPER_LOWERLAYERDOWN -> "LOWERLAYERDOWN";
      case Ifla.IF_OPER_TESTING -> "TESTING";
      case Ifla.IF_OPER_DORMANT -> "DORMANT";
      case Ifla.IF_OPER_UP -> "UP";
      default -> Integer.toString(s);
    };
  }

  private static final Map<Integer, String> LINK_TYPES = Map.ofEntries(
      Map.entry(0, "netrom"), Map.entry(1, "ether"), Map.entry(2, "eether"), Map.entry(3, "ax25"),
      Map.entry(6, "ieee802"), Map.entry(24, "ieee1394"), Map.entry(32, "infiniband"), Map.entry(256, "slip"),
      Map.entry(512, "ppp"), Map.entry(768, "ipip"), Map.entry(769, "tunnel6"), Map.entry(772, "loopback"),
      Map.entry(776, "sit"), Map.entry(778, "gre"), Map.entry(823, "ip6gre"), Map.entry(801, "ieee802.11"),
      Map.entry(803, "ieee802.11/radiotap"), Map.entry(820, "ieee802.15.4"), Map.entry(824, "netlink"),
      Map.entry(825, "6lowpan"), Map.entry(519, "can"), Map.entry(65534, "none"), Map.entry(65535, "void"));

  static String linkType(int t) {
    String n = LINK_TYPES.get(t);
    return n != null ? n : "[" + t + "]";
  }

  static String scope(int s) {
    return switch (s) {
      case Rtm.RT_SCOPE_UNIVERSE -> "global";
      case Rtm.RT_SCOPE_SITE -> "site";
      case Rtm.RT_SCOPE_LINK -> "link";
      case Rtm.RT_SCOPE_HOST -> "host";
      case Rtm.RT_SCOPE_NOWHERE -> "nowhere";
      default -> Integer.toString(s);
    };
  }

  static String table(int t) {
    return switch (t) {
      case Rtm.RT_TABLE_MAIN -> "main";
      case Rtm.RT_TABLE_LOCAL -> "local";
      case Rtm.RT_TABLE_DEFAULT -> "default";
      default -> Integer.toUnsignedString(t);
    };
  }

  static String protocol(int p) {
    return switch (p) {
      case Rtm.RTPROT_UNSPEC -> "unspec";
      case Rtm.RTPROT_REDIRECT -> "redirect";
      case Rtm.RTPROT_KERNEL -> "kernel";
      case Rtm.RTPROT_BOOT -> "boot";
      case Rtm.RTPROT_STATIC -> "static";
      case 8 -> "gated";
      case Rtm.RTPROT_RA -> "ra";
      case 10 -> "mrt";
      case 11 -> "zebra";
      case 12 -> "bird";
      case 13 -> "dnrouted";
      case 14 -> "xorp";
      case 15 -> "ntk";
      case Rtm.RTPROT_DHCP -> "dhcp";
      case 17 -> "mrouted";
      case 18 -> "keepalived";
      case 42 -> "babel";
      case 99 -> "openr";
      case 186 -> "bgp";
      case 187 -> "isis";
      case 188 -> "ospf";
      case 189 -> "rip";
      case 192 -> "eigrp";
      default -> Integer.toString(p);
    };
  }

  /** ip's destination: "default", an address alone for a host route, else address/length. */
  static String destination(Route r) {
    if (r.destination() == null && r.prefixLength() == 0) {
      return "default";
    }
    int host = r.family() == Rtm.AF_INET6 ? 128 : 32;
    String a = r.destination() == null ? (r.family() == Rtm.AF_INET6 ? "::" : "0.0.0.0") : text(r.destination());
    return r.prefixLength() == host ? a : a + "/" + r.prefixLength();
  }

  /** An address as ip prints it (IPv6 compressed, without a scope id). */
  static String text(InetAddress a) {
    return AddressText.of(a);
  }

  private static String stringAttribute(List<RawAttribute> attributes, int type) {
    for (RawAttribute a : attributes) {
      if (a.kind() == type) {
        byte[] v = a.value();
        int n = 0;
        while (n < v.length && v[n] != 0) {
          n++;
        }
        return new String(v, 0, n, StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
