package dev.rtnl4j.codec;

/**
 * The {@code IFLA_INFO_DATA} attributes of the link kinds modelled beyond veth and bridge
 * ({@code <linux/if_link.h>}, {@code <linux/if_tun.h>}): macvlan/macvtap, ipvlan, vlan, vxlan and
 * tun, with their mode values.
 */
public final class IflaInfoData {
  private IflaInfoData() {}

  // ---- macvlan / macvtap -------------------------------------------------------------------
  public static final int IFLA_MACVLAN_MODE = 1;
  public static final int IFLA_MACVLAN_FLAGS = 2;
  public static final int IFLA_MACVLAN_MACADDR_MODE = 3;
  public static final int IFLA_MACVLAN_MACADDR = 4;
  public static final int IFLA_MACVLAN_MACADDR_DATA = 5;
  public static final int IFLA_MACVLAN_MACADDR_COUNT = 6;
  public static final int IFLA_MACVLAN_BC_QUEUE_LEN = 7;
  public static final int IFLA_MACVLAN_BC_QUEUE_LEN_USED = 8;
  public static final int IFLA_MACVLAN_BC_CUTOFF = 9;

  public static final int MACVLAN_MODE_PRIVATE = 1;
  public static final int MACVLAN_MODE_VEPA = 2;
  public static final int MACVLAN_MODE_BRIDGE = 4;
  public static final int MACVLAN_MODE_PASSTHRU = 8;
  public static final int MACVLAN_MODE_SOURCE = 16;

  public static final int MACVLAN_MACADDR_ADD = 0;
  public static final int MACVLAN_MACADDR_DEL = 1;
  public static final int MACVLAN_MACADDR_FLUSH = 2;
  public static final int MACVLAN_MACADDR_SET = 3;

  public static final int MACVLAN_FLAG_NOPROMISC = 1;
  public static final int MACVLAN_FLAG_NODST = 2;

  // ---- ipvlan ------------------------------------------------------------------------------
  public static final int IFLA_IPVLAN_MODE = 1;
  public static final int IFLA_IPVLAN_FLAGS = 2;

  public static final int IPVLAN_MODE_L2 = 0;
  public static final int IPVLAN_MODE_L3 = 1;
  public static final int IPVLAN_MODE_L3S = 2;

  public static final int IPVLAN_F_PRIVATE = 0x01;
  public static final int IPVLAN_F_VEPA = 0x02;

  // ---- vlan --------------------------------------------------------------------------------
  public static final int IFLA_VLAN_ID = 1;
  public static final int IFLA_VLAN_FLAGS = 2;
  public static final int IFLA_VLAN_EGRESS_QOS = 3;
  public static final int IFLA_VLAN_INGRESS_QOS = 4;
  public static final int IFLA_VLAN_PROTOCOL = 5;

  public static final int ETH_P_8021Q = 0x8100;
  public static final int ETH_P_8021AD = 0x88A8;

  public static final int VLAN_FLAG_REORDER_HDR = 0x1;
  public static final int VLAN_FLAG_GVRP = 0x2;
  public static final int VLAN_FLAG_LOOSE_BINDING = 0x4;
  public static final int VLAN_FLAG_MVRP = 0x8;
  public static final int VLAN_FLAG_BRIDGE_BINDING = 0x10;

  // ---- vxlan -------------------------------------------------------------------------------
  public static final int IFLA_VXLAN_ID = 1;
  public static final int IFLA_VXLAN_GROUP = 2;
  public static final int IFLA_VXLAN_LINK = 3;
  public static final int IFLA_VXLAN_LOCAL = 4;
  public static final int IFLA_VXLAN_TTL = 5;
  public static final int IFLA_VXLAN_TOS = 6;
  public static final int IFLA_VXLAN_LEARNING = 7;
  public static final int IFLA_VXLAN_AGEING = 8;
  public static final int IFLA_VXLAN_LIMIT = 9;
  public static final int IFLA_VXLAN_PORT_RANGE = 10;
  public static final int IFLA_VXLAN_PROXY = 11;
  public static final int IFLA_VXLAN_RSC = 12;
  public static final int IFLA_VXLAN_L2MISS = 13;
  public static final int IFLA_VXLAN_L3MISS = 14;
  public static final int IFLA_VXLAN_PORT = 15;
  public static final int IFLA_VXLAN_GROUP6 = 16;
  public static final int IFLA_VXLAN_LOCAL6 = 17;
  public static final int IFLA_VXLAN_UDP_CSUM = 18;

  /** The kernel's default VXLAN port when none is given (its {@code vxlan_port} module parameter, 8472). */
  public static final int VXLAN_KERNEL_DEFAULT_PORT = 8472;
  /** The IANA VXLAN port. */
  public static final int VXLAN_IANA_PORT = 4789;

  // ---- tun / tap ---------------------------------------------------------------------------
  public static final int IFLA_TUN_OWNER = 1;
  public static final int IFLA_TUN_GROUP = 2;
  public static final int IFLA_TUN_TYPE = 3;
  public static final int IFLA_TUN_PI = 4;
  public static final int IFLA_TUN_VNET_HDR = 5;
  public static final int IFLA_TUN_PERSIST = 6;
  public static final int IFLA_TUN_MULTI_QUEUE = 7;
  public static final int IFLA_TUN_NUM_QUEUES = 8;
  public static final int IFLA_TUN_NUM_DISABLED_QUEUES = 9;

  /** {@code IFF_TUN}: layer-3 device (TUNSETIFF flag, and IFLA_TUN_TYPE value). */
  public static final int IFF_TUN = 0x0001;
  /** {@code IFF_TAP}: Ethernet device. */
  public static final int IFF_TAP = 0x0002;
  public static final int IFF_NAPI = 0x0010;
  public static final int IFF_NAPI_FRAGS = 0x0020;
  public static final int IFF_MULTI_QUEUE = 0x0100;
  /** {@code IFF_NO_PI}: no 4-byte packet-information header on reads and writes. */
  public static final int IFF_NO_PI = 0x1000;
  public static final int IFF_VNET_HDR = 0x4000;
  public static final int IFF_PERSIST = 0x0800;
  /** {@code IFF_TUN_EXCL}: TUNSETIFF fails with EBUSY instead of attaching to an existing device. */
  public static final int IFF_TUN_EXCL = 0x8000;

  /** {@code TUNSETIFF = _IOW('T', 202, int)}. */
  public static final long TUNSETIFF = 0x400454caL;
  /** {@code TUNSETPERSIST = _IOW('T', 203, int)}. */
  public static final long TUNSETPERSIST = 0x400454cbL;
  /** {@code TUNSETOWNER = _IOW('T', 204, int)}. */
  public static final long TUNSETOWNER = 0x400454ccL;
  /** {@code TUNSETGROUP = _IOW('T', 206, int)}. */
  public static final long TUNSETGROUP = 0x400454ceL;
  /** {@code TUNGETIFF = _IOR('T', 210, unsigned int)}. */
  public static final long TUNGETIFF = 0x800454d2L;
  /** {@code sizeof(struct ifreq)} on 64-bit Linux. */
  public static final int IFREQ_SIZE = 40;
  /** {@code IFNAMSIZ}. */
  public static final int IFNAMSIZ = 16;
}
