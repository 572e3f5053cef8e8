package dev.rtnl4j.rtnl;

/**
 * The other end of a veth pair, as created together with it ({@code VETH_INFO_PEER}): its name,
 * and optionally its interface index, MAC address, MTU, transmit queue length, and the network
 * namespace it is created in directly. A peer created in another namespace cannot be created up
 * (the kernel answers {@code ENOTCONN}): bring it up from its namespace.
 *
 * @param name      interface name (checked: 1..15 bytes, no '/', ':' or whitespace)
 * @param index     ifindex to request, or 0 for the kernel's choice
 * @param address   MAC address or null
 * @param mtu       MTU or null
 * @param txQueueLength transmit queue length or null
 * @param queues    number of transmit and receive queues, or null for the kernel's choice
 * @param namespace namespace to create it in, or null for the same as the first end
 */
public record VethPeer(String name, int index, MacAddress address, Integer mtu, Integer txQueueLength,
    Queues queues, NamespaceRef namespace) {
  /** Checks the name and index. */
  public VethPeer {
    Validate.interfaceName(name);
    if (index < 0) {
      throw new IllegalArgumentException("veth peer index " + index + " is negative");
    }
    if (mtu != null && mtu <= 0) {
      throw new IllegalArgumentException("veth peer MTU " + mtu + " must be positive");
    }
  }

  /** A peer called {@code name}, everything else the kernel's choice. */
  public static VethPeer named(String name) {
    return new VethPeer(name, 0, null, null, null, null, null);
  }

  /** This peer, created directly in {@code ns}. */
  public VethPeer in(NamespaceRef ns) {
    return new VethPeer(name, index, address, mtu, txQueueLength, queues, ns);
  }

  /** This peer, with ifindex {@code i} requested. */
  public VethPeer withIndex(int i) {
    return new VethPeer(name, i, address, mtu, txQueueLength, queues, namespace);
  }

  /** This peer, with MAC address {@code mac}. */
  public VethPeer withAddress(MacAddress mac) {
    return new VethPeer(name, index, mac, mtu, txQueueLength, queues, namespace);
  }

  /** This peer, with {@code q} transmit and receive queues (see {@link Queues#ONE}). */
  public VethPeer withQueues(Queues q) {
    return new VethPeer(name, index, address, mtu, txQueueLength, q, namespace);
  }

  /** This peer, with MTU {@code m}. */
  public VethPeer withMtu(int m) {
    return new VethPeer(name, index, address, m, txQueueLength, queues, namespace);
  }
}
