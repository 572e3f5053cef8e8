package dev.rtnl4j.rtnl;

import java.net.InetAddress;

/**
 * One path of a multipath route ({@code struct rtnexthop} in {@code RTA_MULTIPATH}).
 *
 * @param gateway   gateway, or null
 * @param linkIndex output link, or 0
 * @param weight    1..256
 * @param onlink    {@code RTNH_F_ONLINK}: the gateway is reachable on the link without a route to it
 * @param flags     all {@code RTNH_F_*} flags as the kernel reported them (on reading)
 */
public record Nexthop(InetAddress gateway, int linkIndex, int weight, boolean onlink, int flags) {
  /** Checks the weight and index. */
  public Nexthop {
    if (weight < 1 || weight > 256) {
      throw new IllegalArgumentException("next hop weight " + weight + " is out of range 1..256");
    }
    if (linkIndex < 0) {
      throw new IllegalArgumentException("next hop link index " + linkIndex + " is negative");
    }
    if (gateway == null && linkIndex == 0) {
      throw new IllegalArgumentException("a next hop needs a gateway or a link");
    }
  }

  /** Via {@code gateway} on link {@code linkIndex} (0: the kernel finds it), weight 1. */
  public static Nexthop via(InetAddress gateway, int linkIndex) {
    return new Nexthop(gateway, linkIndex, 1, false, 0);
  }

  /** This next hop with weight {@code w}. */
  public Nexthop withWeight(int w) {
    return new Nexthop(gateway, linkIndex, w, onlink, flags);
  }

  /** This next hop, on-link. */
  public Nexthop withOnlink() {
    return new Nexthop(gateway, linkIndex, weight, true, flags);
  }
}
