package dev.rtnl4j.codec;

/**
 * Netlink core constants, with the kernel's names ({@code <linux/netlink.h>}): message types,
 * header flags, attribute flags and the extended-acknowledgement attributes of {@code nlmsgerr}.
 */
public final class Nl {
  private Nl() {}

  public static final int NETLINK_ROUTE = 0;

  /** Size of {@code struct nlmsghdr}. */
  public static final int NLMSG_HDRLEN = 16;
  /** Size of {@code struct nlattr}. */
  public static final int NLA_HDRLEN = 4;

  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;
  /** Message types below this are reserved for netlink control messages. */
  public static final int NLMSG_MIN_TYPE = 0x10;

  public static final int NLM_F_REQUEST = 0x01;
  public static final int NLM_F_MULTI = 0x02;
  public static final int NLM_F_ACK = 0x04;
  public static final int NLM_F_ECHO = 0x08;
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_DUMP_FILTERED = 0x20;
  // GET requests
  public static final int NLM_F_ROOT = 0x100;
  public static final int NLM_F_MATCH = 0x200;
  public static final int NLM_F_ATOMIC = 0x400;
  public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
  // NEW requests
  public static final int NLM_F_REPLACE = 0x100;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;
  public static final int NLM_F_APPEND = 0x800;
  // DELETE requests
  public static final int NLM_F_NONREC = 0x100;
  public static final int NLM_F_BULK = 0x200;
  // acknowledgements
  public static final int NLM_F_CAPPED = 0x100;
  public static final int NLM_F_ACK_TLVS = 0x200;

  public static final int NLA_F_NESTED = 0x8000;
  public static final int NLA_F_NET_BYTEORDER = 0x4000;
  public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

  public static final int NLMSGERR_ATTR_UNUSED = 0;
  public static final int NLMSGERR_ATTR_MSG = 1;
  public static final int NLMSGERR_ATTR_OFFS = 2;
  public static final int NLMSGERR_ATTR_COOKIE = 3;
  public static final int NLMSGERR_ATTR_POLICY = 4;
  public static final int NLMSGERR_ATTR_MISS_TYPE = 5;
  public static final int NLMSGERR_ATTR_MISS_NEST = 6;

  /** Rounds {@code len} up to the netlink alignment of 4 bytes. */
  public static int align(int len) {
    return (len + 3) & ~3;
  }

  /** Name of a netlink control message type, or null when {@code type} is not one. */
  public static String controlTypeName(int type) {
    return switch (type) {
      case NLMSG_NOOP -> "NLMSG_NOOP";
      case NLMSG_ERROR -> "NLMSG_ERROR";
      case NLMSG_DONE -> "NLMSG_DONE";
      case NLMSG_OVERRUN -> "NLMSG_OVERRUN";
      default -> null;
    };
  }
}
