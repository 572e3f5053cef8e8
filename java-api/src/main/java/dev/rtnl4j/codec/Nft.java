package dev.rtnl4j.codec;

/**
 * nf_tables vocabulary, with the kernel's names ({@code <linux/netfilter/nf_tables.h>}): message
 * types, the attributes of tables, chains, rules and the expressions used here, registers, and
 * the netfilter hooks. Every integer attribute of nf_tables is big-endian
 * ({@link MessageWriter#be32(int, int)}). Names for error messages: {@link #messageName},
 * {@link #attributeName}.
 */
public final class Nft {
  private Nft() {}

  // ---- messages (the low byte of the type; the high byte is NFNL_SUBSYS_NFTABLES)
  public static final int NFT_MSG_NEWTABLE = 0;
  public static final int NFT_MSG_GETTABLE = 1;
  public static final int NFT_MSG_DELTABLE = 2;
  public static final int NFT_MSG_NEWCHAIN = 3;
  public static final int NFT_MSG_GETCHAIN = 4;
  public static final int NFT_MSG_DELCHAIN = 5;
  public static final int NFT_MSG_NEWRULE = 6;
  public static final int NFT_MSG_GETRULE = 7;
  public static final int NFT_MSG_DELRULE = 8;

  /** The longest table, chain or set name, with its terminating NUL ({@code NFT_NAME_MAXLEN}). */
  public static final int NFT_NAME_MAXLEN = 256;

  // ---- tables
  public static final int NFTA_TABLE_NAME = 1;
  public static final int NFTA_TABLE_FLAGS = 2;
  public static final int NFTA_TABLE_USE = 3;
  public static final int NFTA_TABLE_HANDLE = 4;

  // ---- chains
  public static final int NFTA_CHAIN_TABLE = 1;
  public static final int NFTA_CHAIN_HANDLE = 2;
  public static final int NFTA_CHAIN_NAME = 3;
  public static final int NFTA_CHAIN_HOOK = 4;
  public static final int NFTA_CHAIN_POLICY = 5;
  public static final int NFTA_CHAIN_USE = 6;
  public static final int NFTA_CHAIN_TYPE = 7;
  public static final int NFTA_CHAIN_COUNTERS = 8;

  public static final int NFTA_HOOK_HOOKNUM = 1;
  public static final int NFTA_HOOK_PRIORITY = 2;
  public static final int NFTA_HOOK_DEV = 3;

  // netfilter hooks of the ip, ip6 and inet families (enum nf_inet_hooks)
  public static final int NF_INET_PRE_ROUTING = 0;
  public static final int NF_INET_LOCAL_IN = 1;
  public static final int NF_INET_FORWARD = 2;
  public static final int NF_INET_LOCAL_OUT = 3;
  public static final int NF_INET_POST_ROUTING = 4;

  // ---- rules
  public static final int NFTA_RULE_TABLE = 1;
  public static final int NFTA_RULE_CHAIN = 2;
  public static final int NFTA_RULE_HANDLE = 3;
  public static final int NFTA_RULE_EXPRESSIONS = 4;
  public static final int NFTA_RULE_COMPAT = 5;
  public static final int NFTA_RULE_POSITION = 6;
  public static final int NFTA_RULE_USERDATA = 7;

  public static final int NFTA_LIST_ELEM = 1;
  public static final int NFTA_EXPR_NAME = 1;
  public static final int NFTA_EXPR_DATA = 2;

  public static final int NFTA_DATA_VALUE = 1;
  public static final int NFTA_DATA_VERDICT = 2;

  // ---- registers (enum nft_registers: the 16-byte ones)
  public static final int NFT_REG_VERDICT = 0;
  public static final int NFT_REG_1 = 1;
  public static final int NFT_REG_2 = 2;
  public static final int NFT_REG_3 = 3;
  public static final int NFT_REG_4 = 4;

  // ---- expressions
  public static final int NFTA_IMMEDIATE_DREG = 1;
  public static final int NFTA_IMMEDIATE_DATA = 2;

  public static final int NFTA_CMP_SREG = 1;
  public static final int NFTA_CMP_OP = 2;
  public static final int NFTA_CMP_DATA = 3;
  public static final int NFT_CMP_EQ = 0;
  public static final int NFT_CMP_NEQ = 1;
  public static final int NFT_CMP_LT = 2;
  public static final int NFT_CMP_LTE = 3;
  public static final int NFT_CMP_GT = 4;
  public static final int NFT_CMP_GTE = 5;

  public static final int NFTA_META_DREG = 1;
  public static final int NFTA_META_KEY = 2;
  public static final int NFTA_META_SREG = 3;
  public static final int NFT_META_OIF = 5;
  public static final int NFT_META_NFPROTO = 15;
  public static final int NFT_META_L4PROTO = 16;

  public static final int NFTA_PAYLOAD_DREG = 1;
  public static final int NFTA_PAYLOAD_BASE = 2;
  public static final int NFTA_PAYLOAD_OFFSET = 3;
  public static final int NFTA_PAYLOAD_LEN = 4;
  public static final int NFT_PAYLOAD_LL_HEADER = 0;
  public static final int NFT_PAYLOAD_NETWORK_HEADER = 1;
  public static final int NFT_PAYLOAD_TRANSPORT_HEADER = 2;

  public static final int NFTA_NAT_TYPE = 1;
  public static final int NFTA_NAT_FAMILY = 2;
  public static final int NFTA_NAT_REG_ADDR_MIN = 3;
  public static final int NFTA_NAT_REG_ADDR_MAX = 4;
  public static final int NFTA_NAT_REG_PROTO_MIN = 5;
  public static final int NFTA_NAT_REG_PROTO_MAX = 6;
  public static final int NFTA_NAT_FLAGS = 7;
  public static final int NFT_NAT_SNAT = 0;
  public static final int NFT_NAT_DNAT = 1;
  /** {@code NF_NAT_RANGE_MAP_IPS}: the nat expression sets addresses. */
  public static final int NF_NAT_RANGE_MAP_IPS = 1;
  /** {@code NF_NAT_RANGE_PROTO_SPECIFIED}: the nat expression sets ports. */
  public static final int NF_NAT_RANGE_PROTO_SPECIFIED = 2;

  public static final int NFTA_FIB_DREG = 1;
  public static final int NFTA_FIB_RESULT = 2;
  public static final int NFTA_FIB_FLAGS = 3;
  public static final int NFT_FIB_RESULT_OIF = 1;
  public static final int NFT_FIB_RESULT_OIFNAME = 2;
  public static final int NFT_FIB_RESULT_ADDRTYPE = 3;
  public static final int NFTA_FIB_F_SADDR = 1;
  public static final int NFTA_FIB_F_DADDR = 2;
  public static final int NFTA_FIB_F_MARK = 4;
  public static final int NFTA_FIB_F_IIF = 8;
  public static final int NFTA_FIB_F_OIF = 16;
  /** {@code RTN_LOCAL}: what {@code fib ... type} yields for an address of this host. */
  public static final int RTN_LOCAL = 2;

  /** The name of nf_tables message {@code message} (the low byte of the type). */
  public static String messageName(int message) {
    return switch (message) {
      case NFT_MSG_NEWTABLE -> "NFT_MSG_NEWTABLE";
      case NFT_MSG_GETTABLE -> "NFT_MSG_GETTABLE";
      case NFT_MSG_DELTABLE -> "NFT_MSG_DELTABLE";
      case NFT_MSG_NEWCHAIN -> "NFT_MSG_NEWCHAIN";
      case NFT_MSG_GETCHAIN -> "NFT_MSG_GETCHAIN";
      case NFT_MSG_DELCHAIN -> "NFT_MSG_DELCHAIN";
      case NFT_MSG_NEWRULE -> "NFT_MSG_NEWRULE";
      case NFT_MSG_GETRULE -> "NFT_MSG_GETRULE";
      case NFT_MSG_DELRULE -> "NFT_MSG_DELRULE";
      default -> "NFT_MSG " + message;
    };
  }

  /** The name of top-level attribute {@code attr} of nf_tables message {@code message}. */
  public static String attributeName(int message, int attr) {
    int a = attr & Nl.NLA_TYPE_MASK;
    String n = switch (message) {
      case NFT_MSG_NEWTABLE, NFT_MSG_GETTABLE, NFT_MSG_DELTABLE -> switch (a) {
        case NFTA_TABLE_NAME -> "NFTA_TABLE_NAME";
        case NFTA_TABLE_FLAGS -> "NFTA_TABLE_FLAGS";
        case NFTA_TABLE_USE -> "NFTA_TABLE_USE";
        case NFTA_TABLE_HANDLE -> "NFTA_TABLE_HANDLE";
        default -> null;
      };
      case NFT_MSG_NEWCHAIN, NFT_MSG_GETCHAIN, NFT_MSG_DELCHAIN -> switch (a) {
        case NFTA_CHAIN_TABLE -> "NFTA_CHAIN_TABLE";
        case NFTA_CHAIN_HANDLE -> "NFTA_CHAIN_HANDLE";
        case NFTA_CHAIN_NAME -> "NFTA_CHAIN_NAME";
        case NFTA_CHAIN_HOOK -> "NFTA_CHAIN_HOOK";
        case NFTA_CHAIN_POLICY -> "NFTA_CHAIN_POLICY";
        case NFTA_CHAIN_USE -> "NFTA_CHAIN_USE";
        case NFTA_CHAIN_TYPE -> "NFTA_CHAIN_TYPE";
        case NFTA_CHAIN_COUNTERS -> "NFTA_CHAIN_COUNTERS";
        default -> null;
      };
      case NFT_MSG_NEWRULE, NFT_MSG_GETRULE, NFT_MSG_DELRULE -> switch (a) {
        case NFTA_RULE_TABLE -> "NFTA_RULE_TABLE";
        case NFTA_RULE_CHAIN -> "NFTA_RULE_CHAIN";
        case NFTA_RULE_HANDLE -> "NFTA_RULE_HANDLE";
        case NFTA_RULE_EXPRESSIONS -> "NFTA_RULE_EXPRESSIONS";
        case NFTA_RULE_COMPAT -> "NFTA_RULE_COMPAT";
        case NFTA_RULE_POSITION -> "NFTA_RULE_POSITION";
        case NFTA_RULE_USERDATA -> "NFTA_RULE_USERDATA";
        default -> null;
      };
      default -> null;
    };
    return n == null ? "attribute " + a : n;
  }

  /** The name of attribute {@code attr} inside {@code NFTA_CHAIN_HOOK}. */
  public static String hookAttributeName(int attr) {
    return switch (attr & Nl.NLA_TYPE_MASK) {
      case NFTA_HOOK_HOOKNUM -> "NFTA_HOOK_HOOKNUM";
      case NFTA_HOOK_PRIORITY -> "NFTA_HOOK_PRIORITY";
      case NFTA_HOOK_DEV -> "NFTA_HOOK_DEV";
      default -> "attribute " + (attr & Nl.NLA_TYPE_MASK);
    };
  }

  /** The name of attribute {@code attr} inside {@code NFTA_EXPR_DATA} of expression {@code expr} ("nat"...). */
  public static String expressionAttributeName(String expr, int attr) {
    int a = attr & Nl.NLA_TYPE_MASK;
    String[] names = switch (expr == null ? "" : expr) {
      case "immediate" -> new String[] {"NFTA_IMMEDIATE_DREG", "NFTA_IMMEDIATE_DATA"};
      case "cmp" -> new String[] {"NFTA_CMP_SREG", "NFTA_CMP_OP", "NFTA_CMP_DATA"};
      case "meta" -> new String[] {"NFTA_META_DREG", "NFTA_META_KEY", "NFTA_META_SREG"};
      case "payload" -> new String[] {"NFTA_PAYLOAD_DREG", "NFTA_PAYLOAD_BASE", "NFTA_PAYLOAD_OFFSET", "NFTA_PAYLOAD_LEN"};
      case "nat" -> new String[] {"NFTA_NAT_TYPE", "NFTA_NAT_FAMILY", "NFTA_NAT_REG_ADDR_MIN", "NFTA_NAT_REG_ADDR_MAX",
          "NFTA_NAT_REG_PROTO_MIN", "NFTA_NAT_REG_PROTO_MAX", "NFTA_NAT_FLAGS"};
      case "fib" -> new String[] {"NFTA_FIB_DREG", "NFTA_FIB_RESULT", "NFTA_FIB_FLAGS"};
      default -> new String[0];
    };
    return a >= 1 && a <= names.length ? names[a - 1] : "attribute " + a;
  }
}
