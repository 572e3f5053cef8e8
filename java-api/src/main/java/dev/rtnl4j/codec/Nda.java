package dev.rtnl4j.codec;

/**
 * Neighbour attributes, states and flags ({@code NDA_*}, {@code NUD_*}, {@code NTF_*},
 * {@code <linux/neighbour.h>}), with the kernel's names.
 */
public final class Nda {
  private Nda() {}

  /** Size of {@code struct ndmsg}. */
  public static final int NDMSG_LEN = 12;

  public static final int NDA_UNSPEC = 0;
  public static final int NDA_DST = 1;
  public static final int NDA_LLADDR = 2;
  public static final int NDA_CACHEINFO = 3;
  public static final int NDA_PROBES = 4;
  public static final int NDA_VLAN = 5;
  public static final int NDA_PORT = 6;
  public static final int NDA_VNI = 7;
  public static final int NDA_IFINDEX = 8;
  public static final int NDA_MASTER = 9;
  public static final int NDA_LINK_NETNSID = 10;
  public static final int NDA_SRC_VNI = 11;
  public static final int NDA_PROTOCOL = 12;
  public static final int NDA_NH_ID = 13;
  public static final int NDA_FDB_EXT_ATTRS = 14;
  public static final int NDA_FLAGS_EXT = 15;
  public static final int NDA_NDM_STATE_MASK = 16;
  public static final int NDA_NDM_FLAGS_MASK = 17;

  public static final int NUD_INCOMPLETE = 0x01;
  public static final int NUD_REACHABLE = 0x02;
  public static final int NUD_STALE = 0x04;
  public static final int NUD_DELAY = 0x08;
  public static final int NUD_PROBE = 0x10;
  public static final int NUD_FAILED = 0x20;
  public static final int NUD_NOARP = 0x40;
  public static final int NUD_PERMANENT = 0x80;
  public static final int NUD_NONE = 0x00;

  public static final int NTF_USE = 0x01;
  public static final int NTF_SELF = 0x02;
  public static final int NTF_MASTER = 0x04;
  public static final int NTF_PROXY = 0x08;
  public static final int NTF_EXT_LEARNED = 0x10;
  public static final int NTF_OFFLOADED = 0x20;
  public static final int NTF_STICKY = 0x40;
  public static final int NTF_ROUTER = 0x80;

  /** The kernel's name of a neighbour attribute, or "attribute N". */
  public static String name(int type) {
    return switch (type & Nl.NLA_TYPE_MASK) {
      case NDA_DST -> "NDA_DST";
      case NDA_LLADDR -> "NDA_LLADDR";
      case NDA_CACHEINFO -> "NDA_CACHEINFO";
      case NDA_PROBES -> "NDA_PROBES";
      case NDA_VLAN -> "NDA_VLAN";
      case NDA_PORT -> "NDA_PORT";
      case NDA_VNI -> "NDA_VNI";
      case NDA_IFINDEX -> "NDA_IFINDEX";
      case NDA_MASTER -> "NDA_MASTER";
      case NDA_LINK_NETNSID -> "NDA_LINK_NETNSID";
      case NDA_SRC_VNI -> "NDA_SRC_VNI";
      case NDA_PROTOCOL -> "NDA_PROTOCOL";
      case NDA_FLAGS_EXT -> "NDA_FLAGS_EXT";
      default -> "attribute " + (type & Nl.NLA_TYPE_MASK);
    };
  }
}
