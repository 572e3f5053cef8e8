package dev.rtnl4j.codec;

/** Address attributes and flags ({@code IFA_*}, {@code <linux/if_addr.h>}), with the kernel's names. */
public final class Ifa {
  private Ifa() {}

  /** Size of {@code struct ifaddrmsg}. */
  public static final int IFADDRMSG_LEN = 8;
  /** Size of {@code struct ifa_cacheinfo}. */
  public static final int IFA_CACHEINFO_LEN = 16;

  public static final int IFA_UNSPEC = 0;
  public static final int IFA_ADDRESS = 1;
  public static final int IFA_LOCAL = 2;
  public static final int IFA_LABEL = 3;
  public static final int IFA_BROADCAST = 4;
  public static final int IFA_ANYCAST = 5;
  public static final int IFA_CACHEINFO = 6;
  public static final int IFA_MULTICAST = 7;
  public static final int IFA_FLAGS = 8;
  public static final int IFA_RT_PRIORITY = 9;
  public static final int IFA_TARGET_NETNSID = 10;
  public static final int IFA_PROTO = 11;

  public static final int IFA_F_SECONDARY = 0x01;
  public static final int IFA_F_TEMPORARY = IFA_F_SECONDARY;
  public static final int IFA_F_NODAD = 0x02;
  public static final int IFA_F_OPTIMISTIC = 0x04;
  public static final int IFA_F_DADFAILED = 0x08;
  public static final int IFA_F_HOMEADDRESS = 0x10;
  public static final int IFA_F_DEPRECATED = 0x20;
  public static final int IFA_F_TENTATIVE = 0x40;
  public static final int IFA_F_PERMANENT = 0x80;
  public static final int IFA_F_MANAGETEMPADDR = 0x100;
  public static final int IFA_F_NOPREFIXROUTE = 0x200;
  public static final int IFA_F_MCAUTOJOIN = 0x400;
  public static final int IFA_F_STABLE_PRIVACY = 0x800;

  /** An address lifetime that never ends. */
  public static final int INFINITY_LIFE_TIME = 0xFFFFFFFF;

  /** The kernel's name of an address attribute, or "attribute N". */
  public static String name(int type) {
    return switch (type & Nl.NLA_TYPE_MASK) {
      case IFA_ADDRESS -> "IFA_ADDRESS";
      case IFA_LOCAL -> "IFA_LOCAL";
      case IFA_LABEL -> "IFA_LABEL";
      case IFA_BROADCAST -> "IFA_BROADCAST";
      case IFA_ANYCAST -> "IFA_ANYCAST";
      case IFA_CACHEINFO -> "IFA_CACHEINFO";
      case IFA_MULTICAST -> "IFA_MULTICAST";
      case IFA_FLAGS -> "IFA_FLAGS";
      case IFA_RT_PRIORITY -> "IFA_RT_PRIORITY";
      case IFA_TARGET_NETNSID -> "IFA_TARGET_NETNSID";
      case IFA_PROTO -> "IFA_PROTO";
      default -> "attribute " + (type & Nl.NLA_TYPE_MASK);
    };
  }
}
