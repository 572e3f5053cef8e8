package dev.rtnl4j.codec;

/**
 * Attributes of the network-namespace id messages ({@code RTM_NEWNSID}, {@code RTM_GETNSID},
 * {@code RTM_DELNSID}; {@code <linux/net_namespace.h>}), whose fixed header is a
 * {@code struct rtgenmsg} (one family byte, padded to 4).
 */
public final class Netnsa {
  private Netnsa() {}

  /** {@code NLMSG_ALIGN(sizeof(struct rtgenmsg))}. */
  public static final int RTGENMSG_LEN = 4;

  public static final int NETNSA_NONE = 0;
  public static final int NETNSA_NSID = 1;
  public static final int NETNSA_PID = 2;
  public static final int NETNSA_FD = 3;
  public static final int NETNSA_TARGET_NSID = 4;
  public static final int NETNSA_CURRENT_NSID = 5;

  /** {@code NETNSA_NSID_NOT_ASSIGNED}: the peer has no id in the asking namespace. */
  public static final int NETNSA_NSID_NOT_ASSIGNED = -1;

  /** The kernel's name of attribute {@code type}. */
  public static String name(int type) {
    return switch (type & Nl.NLA_TYPE_MASK) {
      case NETNSA_NONE -> "NETNSA_NONE";
      case NETNSA_NSID -> "NETNSA_NSID";
      case NETNSA_PID -> "NETNSA_PID";
      case NETNSA_FD -> "NETNSA_FD";
      case NETNSA_TARGET_NSID -> "NETNSA_TARGET_NSID";
      case NETNSA_CURRENT_NSID -> "NETNSA_CURRENT_NSID";
      default -> "NETNSA attribute " + (type & Nl.NLA_TYPE_MASK);
    };
  }
}
