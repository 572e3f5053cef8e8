package dev.rtnl4j.rtnl;

/**
 * What an event subscription listens to: the rtnetlink multicast groups ({@code RTNLGRP_*}) it
 * joins with {@code NETLINK_ADD_MEMBERSHIP}.
 */
public enum EventTopic {
  /** Links appearing, changing, going ({@code RTNLGRP_LINK}). */
  LINKS(1),
  /** ARP and NDP neighbour entries ({@code RTNLGRP_NEIGH}). */
  NEIGHBOURS(3),
  /** IPv4 addresses ({@code RTNLGRP_IPV4_IFADDR}). */
  IPV4_ADDRESSES(5),
  /** IPv4 routes ({@code RTNLGRP_IPV4_ROUTE}). */
  IPV4_ROUTES(7),
  /** IPv6 addresses ({@code RTNLGRP_IPV6_IFADDR}). */
  IPV6_ADDRESSES(9),
  /** IPv6 routes ({@code RTNLGRP_IPV6_ROUTE}). */
  IPV6_ROUTES(11);

  private final int group;

  EventTopic(int group) {
    this.group = group;
  }

  /** The {@code RTNLGRP_*} number. */
  public int group() {
    return group;
  }
}
