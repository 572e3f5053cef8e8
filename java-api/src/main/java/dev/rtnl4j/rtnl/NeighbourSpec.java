package dev.rtnl4j.rtnl;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A neighbour entry to add, replace or delete: the protocol address on a link and, for adding,
 * the hardware address and state. Proxy entries ({@code ip neigh add proxy ADDR dev LINK}) have
 * no hardware address.
 *
 * <p>Build with {@link #permanent}, {@link #reachable}, {@link #proxy} or {@link #of}; bad input
 * throws {@link IllegalArgumentException} saying what was wrong.
 *
 * @param linkIndex   the link (positive index)
 * @param destination the IPv4 or IPv6 address
 * @param linkAddress the hardware address; null only for proxy entries and deletions
 * @param state       the state to set (usually PERMANENT or REACHABLE)
 * @param router      {@code NTF_ROUTER} (IPv6 routers)
 * @param proxy       {@code NTF_PROXY}
 */
public record NeighbourSpec(int linkIndex, InetAddress destination, MacAddress linkAddress, NeighbourState state,
    boolean router, boolean proxy) {

  /** Checks the values. */
  public NeighbourSpec {
    Validate.index(linkIndex, "link");
    Objects.requireNonNull(destination, "destination address");
    Objects.requireNonNull(state, "state");
    if (proxy && linkAddress != null) {
      throw new IllegalArgumentException("proxy entry for " + destination.getHostAddress() + " cannot have a hardware address");
    }
    if (linkAddress != null && linkAddress.length() == 0) {
      throw new IllegalArgumentException("hardware address of neighbour " + destination.getHostAddress() + " is empty");
    }
  }

  /** A permanent entry: {@code ip neigh add ADDR lladdr MAC dev LINK nud permanent}. */
  public static NeighbourSpec permanent(int linkIndex, InetAddress destination, MacAddress linkAddress) {
    return new NeighbourSpec(linkIndex, destination, Objects.requireNonNull(linkAddress, "hardware address"),
        NeighbourState.PERMANENT, false, false);
  }

  /** A reachable entry, aged by the kernel: {@code ... nud reachable}. */
  public static NeighbourSpec reachable(int linkIndex, InetAddress destination, MacAddress linkAddress) {
    return new NeighbourSpec(linkIndex, destination, Objects.requireNonNull(linkAddress, "hardware address"),
        NeighbourState.REACHABLE, false, false);
  }

  /** An entry in {@code state}. */
  public static NeighbourSpec of(int linkIndex, InetAddress destination, MacAddress linkAddress, NeighbourState state) {
    return new NeighbourSpec(linkIndex, destination, linkAddress, state, false, false);
  }

  /** A proxy entry: the kernel answers ARP/NDP for {@code destination} on the link. */
  public static NeighbourSpec proxy(int linkIndex, InetAddress destination) {
    return new NeighbourSpec(linkIndex, destination, null, NeighbourState.PERMANENT, false, true);
  }

  /** The same entry marked as an IPv6 router ({@code NTF_ROUTER}). */
  public NeighbourSpec asRouter() {
    return new NeighbourSpec(linkIndex, destination, linkAddress, state, true, proxy);
  }

  /** "10.0.0.2 lladdr 02:00:00:00:00:01 on link 3 (PERMANENT)" */
  String text() {
    return (proxy ? "proxy " : "") + destination.getHostAddress()
        + (linkAddress != null ? " lladdr " + linkAddress : "") + " on link " + linkIndex;
  }
}
