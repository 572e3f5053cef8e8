package dev.rtnl4j.codec;

/**
 * rtnetlink message types and the values of the fixed headers' fields ({@code <linux/rtnetlink.h>},
 * {@code <linux/if.h>}, {@code <linux/socket.h>}), with the kernel's names.
 */
public final class Rtm {
  private Rtm() {}

  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_SETLINK = 19;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;
  public static final int RTM_NEWNEIGH = 28;
  public static final int RTM_DELNEIGH = 29;
  public static final int RTM_GETNEIGH = 30;
  public static final int RTM_NEWRULE = 32;
  public static final int RTM_DELRULE = 33;
  public static final int RTM_GETRULE = 34;
  public static final int RTM_NEWNSID = 88;
  public static final int RTM_DELNSID = 89;
  public static final int RTM_GETNSID = 90;
  public static final int RTM_NEWLINKPROP = 108;
  public static final int RTM_DELLINKPROP = 109;

  // address families
  public static final int AF_UNSPEC = 0;
  public static final int AF_UNIX = 1;
  public static final int AF_INET = 2;
  public static final int AF_BRIDGE = 7;
  public static final int AF_INET6 = 10;
  public static final int AF_PACKET = 17;

  // rtm_type
  public static final int RTN_UNSPEC = 0;
  public static final int RTN_UNICAST = 1;
  public static final int RTN_LOCAL = 2;
  public static final int RTN_BROADCAST = 3;
  public static final int RTN_ANYCAST = 4;
  public static final int RTN_MULTICAST = 5;
  public static final int RTN_BLACKHOLE = 6;
  public static final int RTN_UNREACHABLE = 7;
  public static final int RTN_PROHIBIT = 8;
  public static final int RTN_THROW = 9;
  public static final int RTN_NAT = 10;
  public static final int RTN_XRESOLVE = 11;

  // rtm_protocol
  public static final int RTPROT_UNSPEC = 0;
  public static final int RTPROT_REDIRECT = 1;
  public static final int RTPROT_KERNEL = 2;
  public static final int RTPROT_BOOT = 3;
  public static final int RTPROT_STATIC = 4;
  public static final int RTPROT_RA = 9;
  public static final int RTPROT_DHCP = 16;

  // rtm_scope
  public static final int RT_SCOPE_UNIVERSE = 0;
  public static final int RT_SCOPE_SITE = 200;
  public static final int RT_SCOPE_LINK = 253;
  public static final int RT_SCOPE_HOST = 254;
  public static final int RT_SCOPE_NOWHERE = 255;

  // rtm_table
  public static final int RT_TABLE_UNSPEC = 0;
  public static final int RT_TABLE_DEFAULT = 253;
  public static final int RT_TABLE_MAIN = 254;
  public static final int RT_TABLE_LOCAL = 255;

  // rtm_flags
  public static final int RTM_F_NOTIFY = 0x100;
  public static final int RTM_F_CLONED = 0x200;
  public static final int RTM_F_EQUALIZE = 0x400;
  public static final int RTM_F_PREFIX = 0x800;
  public static final int RTM_F_LOOKUP_TABLE = 0x1000;
  public static final int RTM_F_FIB_MATCH = 0x2000;

  // rtnh_flags
  public static final int RTNH_F_DEAD = 1;
  public static final int RTNH_F_PERVASIVE = 2;
  public static final int RTNH_F_ONLINK = 4;
  public static final int RTNH_F_OFFLOAD = 8;
  public static final int RTNH_F_LINKDOWN = 16;

  // ifi_flags (net_device_flags)
  public static final int IFF_UP = 0x1;
  public static final int IFF_BROADCAST = 0x2;
  public static final int IFF_DEBUG = 0x4;
  public static final int IFF_LOOPBACK = 0x8;
  public static final int IFF_POINTOPOINT = 0x10;
  public static final int IFF_NOTRAILERS = 0x20;
  public static final int IFF_RUNNING = 0x40;
  public static final int IFF_NOARP = 0x80;
  public static final int IFF_PROMISC = 0x100;
  public static final int IFF_ALLMULTI = 0x200;
  public static final int IFF_MASTER = 0x400;
  public static final int IFF_SLAVE = 0x800;
  public static final int IFF_MULTICAST = 0x1000;
  public static final int IFF_LOWER_UP = 0x10000;
  public static final int IFF_DORMANT = 0x20000;

  // ifi_type (ARPHRD_*)
  public static final int ARPHRD_ETHER = 1;
  public static final int ARPHRD_LOOPBACK = 772;
  public static final int ARPHRD_NONE = 0xfffe;

  /** Interface names are at most this many bytes, without the terminating NUL. */
  public static final int IFNAMSIZ_MAX_LEN = 15;
  /** Alternative names are at most this many bytes, without the terminating NUL. */
  public static final int ALTIFNAMSIZ_MAX_LEN = 127;

  /** The kernel's name of an rtnetlink message type ("RTM_NEWLINK"), or "type N". */
  public static String typeName(int type) {
    String control = Nl.controlTypeName(type);
    if (control != null) {
      return control;
    }
    return switch (type) {
      case RTM_NEWLINK -> "RTM_NEWLINK";
      case RTM_DELLINK -> "RTM_DELLINK";
      case RTM_GETLINK -> "RTM_GETLINK";
      case RTM_SETLINK -> "RTM_SETLINK";
      case RTM_NEWADDR -> "RTM_NEWADDR";
      case RTM_DELADDR -> "RTM_DELADDR";
      case RTM_GETADDR -> "RTM_GETADDR";
      case RTM_NEWROUTE -> "RTM_NEWROUTE";
      case RTM_DELROUTE -> "RTM_DELROUTE";
      case RTM_GETROUTE -> "RTM_GETROUTE";
      case RTM_NEWNEIGH -> "RTM_NEWNEIGH";
      case RTM_DELNEIGH -> "RTM_DELNEIGH";
      case RTM_GETNEIGH -> "RTM_GETNEIGH";
      case RTM_NEWRULE -> "RTM_NEWRULE";
      case RTM_DELRULE -> "RTM_DELRULE";
      case RTM_GETRULE -> "RTM_GETRULE";
      case RTM_NEWNSID -> "RTM_NEWNSID";
      case RTM_DELNSID -> "RTM_DELNSID";
      case RTM_GETNSID -> "RTM_GETNSID";
      case RTM_NEWLINKPROP -> "RTM_NEWLINKPROP";
      case RTM_DELLINKPROP -> "RTM_DELLINKPROP";
      default -> "type " + type;
    };
  }
}
