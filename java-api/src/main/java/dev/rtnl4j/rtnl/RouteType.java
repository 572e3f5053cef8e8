package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.Rtm;

/** The type of a route ({@code rtm_type}, {@code RTN_*}). */
public enum RouteType {
  UNSPEC(Rtm.RTN_UNSPEC), UNICAST(Rtm.RTN_UNICAST), LOCAL(Rtm.RTN_LOCAL), BROADCAST(Rtm.RTN_BROADCAST),
  ANYCAST(Rtm.RTN_ANYCAST), MULTICAST(Rtm.RTN_MULTICAST), BLACKHOLE(Rtm.RTN_BLACKHOLE),
  UNREACHABLE(Rtm.RTN_UNREACHABLE), PROHIBIT(Rtm.RTN_PROHIBIT), THROW(Rtm.RTN_THROW), NAT(Rtm.RTN_NAT),
  XRESOLVE(Rtm.RTN_XRESOLVE);

  private final int value;

  RouteType(int value) {
    this.value = value;
  }

  /** The kernel's value. */
  public int value() {
    return value;
  }

  /** The type of value {@code v}, or null when it is none of them. */
  public static RouteType of(int v) {
    for (RouteType t : values()) {
      if (t.value == v) {
        return t;
      }
    }
    return null;
  }

  /** Types without a next hop (the kernel drops or answers locally). */
  public boolean needsNoNexthop() {
    return this == BLACKHOLE || this == UNREACHABLE || this == PROHIBIT || this == THROW;
  }
}
