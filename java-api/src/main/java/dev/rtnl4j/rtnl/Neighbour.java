package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.Nda;
import dev.rtnl4j.codec.RawAttribute;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * A neighbour entry (ARP for IPv4, NDP for IPv6) as the kernel reports it ({@code RTM_NEWNEIGH}).
 * Attributes not modelled are kept in {@code unknown}, as bytes.
 *
 * @param family      {@code AF_INET}, {@code AF_INET6} (or {@code AF_BRIDGE} for forwarding
 *                    entries seen in events, which have no destination)
 * @param linkIndex   the link the entry belongs to
 * @param destination the protocol address ({@code NDA_DST}), null when absent
 * @param linkAddress the hardware address ({@code NDA_LLADDR}), null while unresolved
 * @param state       {@code ndm_state} bits ({@code NUD_*}), see {@link #states()}
 * @param flags       {@code ndm_flags} ({@code NTF_ROUTER}, {@code NTF_PROXY}...)
 * @param type        {@code ndm_type} (an {@code RTN_*} route type)
 * @param probes      {@code NDA_PROBES}, or -1 when absent
 * @param unknown     attributes not modelled, kept as bytes
 */
public record Neighbour(int family, int linkIndex, InetAddress destination, MacAddress linkAddress, int state,
    int flags, int type, int probes, List<RawAttribute> unknown) {

  /** Copies the list. */
  public Neighbour {
    unknown = List.copyOf(unknown);
  }

  /** The {@code NUD_*} states set. */
  public Set<NeighbourState> states() {
    return NeighbourState.of(state);
  }

  /** {@code NUD_PERMANENT}. */
  public boolean permanent() {
    return (state & Nda.NUD_PERMANENT) != 0;
  }

  /** {@code NUD_REACHABLE}. */
  public boolean reachable() {
    return (state & Nda.NUD_REACHABLE) != 0;
  }

  /** {@code NTF_ROUTER}: the neighbour is an IPv6 router. */
  public boolean router() {
    return (flags & Nda.NTF_ROUTER) != 0;
  }

  /** {@code NTF_PROXY}: a proxy entry (answered for, not a real neighbour). */
  public boolean proxy() {
    return (flags & Nda.NTF_PROXY) != 0;
  }
}
