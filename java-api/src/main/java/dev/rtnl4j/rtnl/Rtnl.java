package dev.rtnl4j.rtnl;

import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.sys.NetlinkSocket;

/**
 * An rtnetlink client for one network namespace: {@link #links()}, {@link #addresses()},
 * {@link #routes()}. Open it on the current namespace ({@link #open()}) or over a socket opened in
 * another one ({@link #over(NetlinkSocket, String)}). Thread-safe: one client may be shared by
 * many threads. Closing it closes the socket when it opened it.
 *
 * <p>Operations throw {@link dev.rtnl4j.proto.KernelException} when the kernel refuses,
 * {@link dev.rtnl4j.sys.NativeException} when the socket fails, {@link IllegalArgumentException}
 * for bad input.
 */
public final class Rtnl implements AutoCloseable {
  private final NetlinkChannel channel;
  private final Links links;
  private final Addresses addresses;
  private final Routes routes;
  private final Neighbours neighbours;

  /** A client over {@code channel}. */
  public Rtnl(NetlinkChannel channel) {
    this.channel = channel;
    this.links = new Links(channel);
    this.addresses = new Addresses(channel);
    this.routes = new Routes(channel);
    this.neighbours = new Neighbours(channel);
  }

  /** Opens a client on the calling thread's network namespace (it owns its socket). */
  public static Rtnl open() {
    return new Rtnl(NetlinkChannel.openRoute());
  }

  /**
   * A client over {@code socket} (opened in some namespace, e.g. with
   * {@link dev.rtnl4j.sys.NetnsRunner}); {@code namespaceLabel} names that namespace in error
   * messages (null: none). Closing the client closes the socket.
   */
  public static Rtnl over(NetlinkSocket socket, String namespaceLabel) {
    return new Rtnl(new NetlinkChannel(socket, true).namespaceLabel(namespaceLabel));
  }

  /**
   * Opens a client whose socket lives in {@code namespace}: the socket is opened on a dedicated
   * platform thread that enters the namespace and comes back (no other thread changes namespace).
   * The client owns the socket; {@code namespace} may be closed afterwards.
   *
   * @throws dev.rtnl4j.sys.NativeException if the namespace cannot be entered or the socket opened
   */
  public static Rtnl open(NetNamespace namespace) {
    return over(namespace.openNetlinkSocket(NetlinkSocket.NETLINK_ROUTE), namespace.label());
  }

  /** Links: create, delete, get, list, change. */
  public Links links() {
    return links;
  }

  /** IPv4 / IPv6 addresses. */
  public Addresses addresses() {
    return addresses;
  }

  /** IPv4 / IPv6 routes. */
  public Routes routes() {
    return routes;
  }

  /** Neighbour (ARP / NDP) entries. */
  public Neighbours neighbours() {
    return neighbours;
  }

  /** The channel, for batches and pipelines of requests. */
  public NetlinkChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.close();
  }
}
