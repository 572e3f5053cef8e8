package dev.rtnl4j.codec;

/** Route attributes ({@code RTA_*}, {@code <linux/rtnetlink.h>}), with the kernel's names. */
public final class Rta {
  private Rta() {}

  /** Size of {@code struct rtmsg}. */
  public static final int RTMSG_LEN = 12;
  /** Size of {@code struct rtnexthop}. */
  public static final int RTNEXTHOP_LEN = 8;

  public static final int RTA_UNSPEC = 0;
  public static final int RTA_DST = 1;
  public static final int RTA_SRC = 2;
  public static final int RTA_IIF = 3;
  public static final int RTA_OIF = 4;
  public static final int RTA_GATEWAY = 5;
  public static final int RTA_PRIORITY = 6;
  public static final int RTA_PREFSRC = 7;
  public static final int RTA_METRICS = 8;
  public static final int RTA_MULTIPATH = 9;
  public static final int RTA_PROTOINFO = 10;
  public static final int RTA_FLOW = 11;
  public static final int RTA_CACHEINFO = 12;
  public static final int RTA_SESSION = 13;
  public static final int RTA_MP_ALGO = 14;
  public static final int RTA_TABLE = 15;
  public static final int RTA_MARK = 16;
  public static final int RTA_MFC_STATS = 17;
  public static final int RTA_VIA = 18;
  public static final int RTA_NEWDST = 19;
  public static final int RTA_PREF = 20;
  public static final int RTA_ENCAP_TYPE = 21;
  public static final int RTA_ENCAP = 22;
  public static final int RTA_EXPIRES = 23;
  public static final int RTA_PAD = 24;
  public static final int RTA_UID = 25;
  public static final int RTA_TTL_PROPAGATE = 26;
  public static final int RTA_IP_PROTO = 27;
  public static final int RTA_SPORT = 28;
  public static final int RTA_DPORT = 29;
  public static final int RTA_NH_ID = 30;

  /** The kernel's name of a route attribute, or "attribute N". */
  public static String name(int type) {
    return switch (type & Nl.NLA_TYPE_MASK) {
      case RTA_DST -> "RTA_DST";
      case RTA_SRC -> "RTA_SRC";
      case RTA_IIF -> "RTA_IIF";
      case RTA_OIF -> "RTA_OIF";
      case RTA_GATEWAY -> "RTA_GATEWAY";
      case RTA_PRIORITY -> "RTA_PRIORITY";
      case RTA_PREFSRC -> "RTA_PREFSRC";
      case RTA_METRICS -> "RTA_METRICS";
      case RTA_MULTIPATH -> "RTA_MULTIPATH";
      case RTA_FLOW -> "RTA_FLOW";
      case RTA_CACHEINFO -> "RTA_CACHEINFO";
      case RTA_TABLE -> "RTA_TABLE";
      case RTA_MARK -> "RTA_MARK";
      case RTA_VIA -> "RTA_VIA";
      case RTA_PREF -> "RTA_PREF";
      case RTA_ENCAP_TYPE -> "RTA_ENCAP_TYPE";
      case RTA_ENCAP -> "RTA_ENCAP";
      case RTA_EXPIRES -> "RTA_EXPIRES";
      case RTA_UID -> "RTA_UID";
      case RTA_NH_ID -> "RTA_NH_ID";
      default -> "attribute " + (type & Nl.NLA_TYPE_MASK);
    };
  }
}
