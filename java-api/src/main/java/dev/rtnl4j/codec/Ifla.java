package dev.rtnl4j.codec;

/**
 * Link attributes ({@code IFLA_*}, {@code <linux/if_link.h>}), their nested link-info attributes
 * ({@code IFLA_INFO_*}) and the veth and bridge kind data, with the kernel's names.
 */
public final class Ifla {
  private Ifla() {}

  /** Size of {@code struct ifinfomsg}. */
  public static final int IFINFOMSG_LEN = 16;

  public static final int IFLA_UNSPEC = 0;
  public static final int IFLA_ADDRESS = 1;
  public static final int IFLA_BROADCAST = 2;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_LINK = 5;
  public static final int IFLA_QDISC = 6;
  public static final int IFLA_STATS = 7;
  public static final int IFLA_COST = 8;
  public static final int IFLA_PRIORITY = 9;
  public static final int IFLA_MASTER = 10;
  public static final int IFLA_WIRELESS = 11;
  public static final int IFLA_PROTINFO = 12;
  public static final int IFLA_TXQLEN = 13;
  public static final int IFLA_MAP = 14;
  public static final int IFLA_WEIGHT = 15;
  public static final int IFLA_OPERSTATE = 16;
  public static final int IFLA_LINKMODE = 17;
  public static final int IFLA_LINKINFO = 18;
  public static final int IFLA_NET_NS_PID = 19;
  public static final int IFLA_IFALIAS = 20;
  public static final int IFLA_NUM_VF = 21;
  public static final int IFLA_VFINFO_LIST = 22;
  public static final int IFLA_STATS64 = 23;
  public static final int IFLA_VF_PORTS = 24;
  public static final int IFLA_PORT_SELF = 25;
  public static final int IFLA_AF_SPEC = 26;
  public static final int IFLA_GROUP = 27;
  public static final int IFLA_NET_NS_FD = 28;
  public static final int IFLA_EXT_MASK = 29;
  public static final int IFLA_PROMISCUITY = 30;
  public static final int IFLA_NUM_TX_QUEUES = 31;
  public static final int IFLA_NUM_RX_QUEUES = 32;
  public static final int IFLA_CARRIER = 33;
  public static final int IFLA_PHYS_PORT_ID = 34;
  public static final int IFLA_CARRIER_CHANGES = 35;
  public static final int IFLA_PHYS_SWITCH_ID = 36;
  public static final int IFLA_LINK_NETNSID = 37;
  public static final int IFLA_PHYS_PORT_NAME = 38;
  public static final int IFLA_PROTO_DOWN = 39;
  public static final int IFLA_GSO_MAX_SEGS = 40;
  public static final int IFLA_GSO_MAX_SIZE = 41;
  public static final int IFLA_PAD = 42;
  public static final int IFLA_XDP = 43;
  public static final int IFLA_EVENT = 44;
  public static final int IFLA_NEW_NETNSID = 45;
  public static final int IFLA_TARGET_NETNSID = 46;
  public static final int IFLA_CARRIER_UP_COUNT = 47;
  public static final int IFLA_CARRIER_DOWN_COUNT = 48;
  public static final int IFLA_NEW_IFINDEX = 49;
  public static final int IFLA_MIN_MTU = 50;
  public static final int IFLA_MAX_MTU = 51;
  public static final int IFLA_PROP_LIST = 52;
  public static final int IFLA_ALT_IFNAME = 53;
  public static final int IFLA_PERM_ADDRESS = 54;
  public static final int IFLA_PROTO_DOWN_REASON = 55;
  public static final int IFLA_PARENT_DEV_NAME = 56;
  public static final int IFLA_PARENT_DEV_BUS_NAME = 57;
  public static final int IFLA_GRO_MAX_SIZE = 58;
  public static final int IFLA_TSO_MAX_SIZE = 59;
  public static final int IFLA_TSO_MAX_SEGS = 60;
  public static final int IFLA_ALLMULTI = 61;

  // IFLA_LINKINFO
  public static final int IFLA_INFO_UNSPEC = 0;
  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;
  public static final int IFLA_INFO_XSTATS = 3;
  public static final int IFLA_INFO_SLAVE_KIND = 4;
  public static final int IFLA_INFO_SLAVE_DATA = 5;

  // veth IFLA_INFO_DATA
  public static final int VETH_INFO_UNSPEC = 0;
  public static final int VETH_INFO_PEER = 1;

  // bridge IFLA_INFO_DATA
  public static final int IFLA_BR_FORWARD_DELAY = 1;
  public static final int IFLA_BR_HELLO_TIME = 2;
  public static final int IFLA_BR_MAX_AGE = 3;
  public static final int IFLA_BR_AGEING_TIME = 4;
  public static final int IFLA_BR_STP_STATE = 5;
  public static final int IFLA_BR_PRIORITY = 6;
  public static final int IFLA_BR_VLAN_FILTERING = 7;
  public static final int IFLA_BR_VLAN_PROTOCOL = 8;
  public static final int IFLA_BR_GROUP_FWD_MASK = 9;
  public static final int IFLA_BR_ROOT_ID = 10;
  public static final int IFLA_BR_BRIDGE_ID = 11;
  public static final int IFLA_BR_ROOT_PORT = 12;
  public static final int IFLA_BR_ROOT_PATH_COST = 13;
  public static final int IFLA_BR_TOPOLOGY_CHANGE = 14;
  public static final int IFLA_BR_TOPOLOGY_CHANGE_DETECTED = 15;
  public static final int IFLA_BR_HELLO_TIMER = 16;
  public static final int IFLA_BR_TCN_TIMER = 17;
  public static final int IFLA_BR_TOPOLOGY_CHANGE_TIMER = 18;
  public static final int IFLA_BR_GC_TIMER = 19;
  public static final int IFLA_BR_GROUP_ADDR = 20;
  public static final int IFLA_BR_FDB_FLUSH = 21;
  public static final int IFLA_BR_MCAST_ROUTER = 22;
  public static final int IFLA_BR_MCAST_SNOOPING = 23;
  public static final int IFLA_BR_VLAN_DEFAULT_PVID = 39;

  // IFLA_OPERSTATE values (RFC 2863)
  public static final int IF_OPER_UNKNOWN = 0;
  public static final int IF_OPER_NOTPRESENT = 1;
  public static final int IF_OPER_DOWN = 2;
  public static final int IF_OPER_LOWERLAYERDOWN = 3;
  public static final int IF_OPER_TESTING = 4;
  public static final int IF_OPER_DORMANT = 5;
  public static final int IF_OPER_UP = 6;

  // IFLA_EXT_MASK bits
  public static final int RTEXT_FILTER_VF = 1;
  public static final int RTEXT_FILTER_BRVLAN = 2;
  public static final int RTEXT_FILTER_SKIP_STATS = 8;

  /** The kernel's name of a top-level link attribute, or "attribute N". */
  public static String name(int type) {
    return switch (type & Nl.NLA_TYPE_MASK) {
      case IFLA_ADDRESS -> "IFLA_ADDRESS";
      case IFLA_BROADCAST -> "IFLA_BROADCAST";
      case IFLA_IFNAME -> "IFLA_IFNAME";
      case IFLA_MTU -> "IFLA_MTU";
      case IFLA_LINK -> "IFLA_LINK";
      case IFLA_MASTER -> "IFLA_MASTER";
      case IFLA_TXQLEN -> "IFLA_TXQLEN";
      case IFLA_OPERSTATE -> "IFLA_OPERSTATE";
      case IFLA_LINKMODE -> "IFLA_LINKMODE";
      case IFLA_LINKINFO -> "IFLA_LINKINFO";
      case IFLA_NET_NS_PID -> "IFLA_NET_NS_PID";
      case IFLA_IFALIAS -> "IFLA_IFALIAS";
      case IFLA_AF_SPEC -> "IFLA_AF_SPEC";
      case IFLA_GROUP -> "IFLA_GROUP";
      case IFLA_NET_NS_FD -> "IFLA_NET_NS_FD";
      case IFLA_EXT_MASK -> "IFLA_EXT_MASK";
      case IFLA_LINK_NETNSID -> "IFLA_LINK_NETNSID";
      case IFLA_TARGET_NETNSID -> "IFLA_TARGET_NETNSID";
      case IFLA_NEW_IFINDEX -> "IFLA_NEW_IFINDEX";
      case IFLA_MIN_MTU -> "IFLA_MIN_MTU";
      case IFLA_MAX_MTU -> "IFLA_MAX_MTU";
      case IFLA_PROP_LIST -> "IFLA_PROP_LIST";
      case IFLA_ALT_IFNAME -> "IFLA_ALT_IFNAME";
      case IFLA_PERM_ADDRESS -> "IFLA_PERM_ADDRESS";
      case IFLA_CARRIER -> "IFLA_CARRIER";
      case IFLA_PROTO_DOWN -> "IFLA_PROTO_DOWN";
      default -> "attribute " + (type & Nl.NLA_TYPE_MASK);
    };
  }

  /** The kernel's name of an attribute nested in {@code IFLA_LINKINFO}. */
  public static String infoName(int type) {
    return switch (type & Nl.NLA_TYPE_MASK) {
      case IFLA_INFO_KIND -> "IFLA_INFO_KIND";
      case IFLA_INFO_DATA -> "IFLA_INFO_DATA";
      case IFLA_INFO_XSTATS -> "IFLA_INFO_XSTATS";
      case IFLA_INFO_SLAVE_KIND -> "IFLA_INFO_SLAVE_KIND";
      case IFLA_INFO_SLAVE_DATA -> "IFLA_INFO_SLAVE_DATA";
      default -> "attribute " + (type & Nl.NLA_TYPE_MASK);
    };
  }
}
