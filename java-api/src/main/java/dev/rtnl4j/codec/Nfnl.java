package dev.rtnl4j.codec;

/**
 * nfnetlink constants, with the kernel's names ({@code <linux/netfilter/nfnetlink.h>},
 * {@code <linux/netfilter.h>}): the batch markers, subsystem ids, protocol families and the fixed
 * {@code struct nfgenmsg} every nfnetlink message starts with. A message type is
 * {@code subsystem << 8 | message}.
 */
public final class Nfnl {
  private Nfnl() {}

  /** Size of {@code struct nfgenmsg} (family, version, big-endian resource id). */
  public static final int NFGENMSG_LEN = 4;
  /** {@code nfgenmsg.version}. */
  public static final int NFNETLINK_V0 = 0;

  /** Opens a transaction; {@code nfgenmsg.res_id} names the subsystem. */
  public static final int NFNL_MSG_BATCH_BEGIN = Nl.NLMSG_MIN_TYPE;
  /** Commits the transaction opened by {@link #NFNL_MSG_BATCH_BEGIN}. */
  public static final int NFNL_MSG_BATCH_END = Nl.NLMSG_MIN_TYPE + 1;

  public static final int NFNL_SUBSYS_NFTABLES = 10;

  public static final int NFPROTO_UNSPEC = 0;
  public static final int NFPROTO_INET = 1;
  public static final int NFPROTO_IPV4 = 2;
  public static final int NFPROTO_IPV6 = 10;

  /** The message type of {@code message} of {@code subsystem}. */
  public static int type(int subsystem, int message) {
    return subsystem << 8 | message;
  }

  /** The subsystem of message type {@code type} (0 for the control and batch types). */
  public static int subsystem(int type) {
    return type >>> 8 & 0xff;
  }

  /** True when {@code type} is an nf_tables message type (and not an rtnetlink one, all below 0x100). */
  public static boolean isNftables(int type) {
    return subsystem(type) == NFNL_SUBSYS_NFTABLES;
  }

  /** The name of an nfnetlink message type ({@code NFT_MSG_NEWRULE}, {@code NFNL_MSG_BATCH_BEGIN}). */
  public static String typeName(int type) {
    String control = Nl.controlTypeName(type);
    if (control != null) {
      return control;
    }
    return switch (type) {
      case NFNL_MSG_BATCH_BEGIN -> "NFNL_MSG_BATCH_BEGIN";
      case NFNL_MSG_BATCH_END -> "NFNL_MSG_BATCH_END";
      default -> isNftables(type) ? Nft.messageName(type & 0xff) : "nfnetlink type " + type;
    };
  }

  /** The name of a netfilter protocol family as nft prints it ({@code inet}, {@code ip}, {@code ip6}). */
  public static String familyName(int family) {
    return switch (family) {
      case NFPROTO_INET -> "inet";
      case NFPROTO_IPV4 -> "ip";
      case NFPROTO_IPV6 -> "ip6";
      default -> "family " + family;
    };
  }
}
