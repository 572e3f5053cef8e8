package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.RawAttribute;
import dev.rtnl4j.codec.Rtm;
import java.util.List;

/**
 * A link as the kernel reports it ({@code RTM_NEWLINK}). Attributes not modelled here are kept in
 * {@code unknown}, as bytes.
 *
 * @param index         interface index
 * @param name          interface name
 * @param kind          kind and kind settings, or null for links without one (lo, physical)
 * @param flags         {@code ifi_flags} ({@code IFF_UP}...)
 * @param type          {@code ifi_type} (ARPHRD_ETHER...)
 * @param mtu           MTU, or 0 if absent
 * @param address       link-layer address, or null
 * @param broadcast     link-layer broadcast address, or null
 * @param master        index of the master (bridge...), 0 for none
 * @param txQueueLength transmit queue length
 * @param alias         alias ({@code IFLA_IFALIAS}), or null
 * @param altNames      alternative names
 * @param operState     RFC 2863 operational state ({@code IF_OPER_UP} = 6...)
 * @param linkIndex     {@code IFLA_LINK}: the peer / lower device's index, 0 for none
 * @param linkNetnsId   {@code IFLA_LINK_NETNSID}: namespace id of {@code linkIndex}, -1 for the same namespace
 * @param unknown       attributes not modelled, kept as bytes
 */
public record Link(int index, String name, LinkKind kind, int flags, int type, int mtu, MacAddress address,
    MacAddress broadcast, int master, int txQueueLength, String alias, List<String> altNames, int operState,
    int linkIndex, int linkNetnsId, List<RawAttribute> unknown) {

  /** Copies the lists. */
  public Link {
    altNames = List.copyOf(altNames);
    unknown = List.copyOf(unknown);
  }

  /** Administratively up ({@code IFF_UP}). */
  public boolean up() {
    return (flags & Rtm.IFF_UP) != 0;
  }

  /** Carrier present ({@code IFF_LOWER_UP}). */
  public boolean lowerUp() {
    return (flags & Rtm.IFF_LOWER_UP) != 0;
  }

  /** The kind's name ({@code "veth"}), or null. */
  public String kindName() {
    return kind == null ? null : kind.kindName();
  }
}
