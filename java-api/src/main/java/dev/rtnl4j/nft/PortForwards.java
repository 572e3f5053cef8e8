package dev.rtnl4j.nft;

import dev.rtnl4j.codec.Nfnl;
import dev.rtnl4j.codec.Nft;
import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.proto.BatchResult;
import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.rtnl.AddressText;
import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.NetlinkSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Port forwarding into a container with nf_tables rules, over netlink (no {@code nft} process), as
 * systemd-nspawn's {@code --port} does it: one table of family {@code inet} per container, with a
 * {@code prerouting} and an {@code output} nat chain (priority -99, one after {@code dstnat})
 * whose rules send connections to a local address of the host on the host port to the
 * container's address and port ({@code fib daddr type local tcp dport 8080 dnat ip to
 * 10.231.0.2:80}; the output chain leaves loopback destinations alone). The table is made or
 * replaced in one transaction, and removed with one message, so there is nothing to leak rule by
 * rule.
 *
 * <p>Thread-safe (the channel is). Bad input throws {@link IllegalArgumentException} before
 * anything is sent; the kernel's refusals throw {@link KernelException} naming the errno, the
 * message that failed ("add nat rule tcp 8080 -> 10.231.0.2:80 to chain prerouting in table inet
 * rtnl4j-web") and the kernel's extended acknowledgement. Needs {@code CAP_NET_ADMIN}.
 */
public final class PortForwards implements AutoCloseable {
  private final NetlinkChannel channel;
  private final boolean ownsChannel;

  private PortForwards(NetlinkChannel channel, boolean ownsChannel) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
  }

  /**
   * Opens a netfilter socket in the calling thread's network namespace.
   *
   * @throws dev.rtnl4j.sys.NativeException when the socket cannot be opened
   */
  public static PortForwards open() {
    return new PortForwards(NetlinkChannel.openNetfilter(), true);
  }

  /**
   * Opens a netfilter socket that lives in {@code namespace} (opened on a platform thread that
   * enters it and comes back).
   *
   * @throws dev.rtnl4j.sys.NativeException when the namespace cannot be entered or the socket opened
   */
  public static PortForwards open(NetNamespace namespace) {
    NetlinkSocket s = namespace.openNetlinkSocket(NetlinkSocket.NETLINK_NETFILTER);
    return new PortForwards(new NetlinkChannel(s, true).namespaceLabel(namespace.label()), true);
  }

  /** Port forwards over {@code channel} (a {@code NETLINK_NETFILTER} one), which stays open on close. */
  public static PortForwards over(NetlinkChannel channel) {
    if (channel.socket().protocol() != NetlinkSocket.NETLINK_NETFILTER) {
      throw new IllegalArgumentException("port forwards need a NETLINK_NETFILTER socket, not protocol "
          + channel.socket().protocol());
    }
    return new PortForwards(channel, false);
  }

  /**
   * Creates table {@code inet TABLE} forwarding each of {@code forwards} to {@code ipv4} and/or
   * {@code ipv6} (null: no rules of that family), or replaces it when it exists: one transaction,
   * so the table is either the new one or, on failure, unchanged.
   *
   * @throws IllegalArgumentException for a bad table name, no forwards, a port forwarded twice,
   *     an address of the wrong family or no address at all
   * @throws KernelException when the kernel refuses (the table is then as before)
   */
  public void apply(String table, List<Forward> forwards, InetAddress ipv4, InetAddress ipv6) {
    BatchResult r = channel.transaction(Nfnl.NFNL_SUBSYS_NFTABLES, applyRequests(table, forwards, ipv4, ipv6));
    r.throwIfFailed();
  }

  /**
   * Deletes table {@code inet TABLE} with its chains and rules.
   *
   * @throws KernelException ENOENT when there is no such table
   */
  public void remove(String table) {
    checkTable(table);
    channel.transaction(Nfnl.NFNL_SUBSYS_NFTABLES, List.of(removeRequest(table))).throwIfFailed();
  }

  /**
   * Deletes table {@code inet TABLE} if it exists; returns false when there was none. Asks first
   * ({@code NFT_MSG_GETTABLE}, no transaction): a refused transaction costs the kernel an RCU
   * grace period when it aborts (about 13 ms here), an answered question some microseconds.
   *
   * @throws KernelException for any refusal but ENOENT
   */
  public boolean removeIfPresent(String table) {
    if (!exists(table)) {
      return false;
    }
    try {
      remove(table);
      return true;
    } catch (KernelException e) {
      if (e.errno() == Errno.ENOENT) {
        return false; // removed by someone else in between
      }
      throw e;
    }
  }

  /**
   * True when table {@code inet TABLE} exists.
   *
   * @throws KernelException for any refusal but ENOENT
   */
  public boolean exists(String table) {
    checkTable(table);
    try {
      return channel.get(NftRequest.getTable(PortForwardRules.FAMILY, table), m -> Boolean.TRUE);
    } catch (KernelException e) {
      if (e.errno() == Errno.ENOENT) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The messages {@link #apply} sends in its transaction (for callers that compose their own).
   *
   * @throws IllegalArgumentException as {@link #apply} does
   */
  public static List<NftRequest> applyRequests(String table, List<Forward> forwards, InetAddress ipv4, InetAddress ipv6) {
    checkTable(table);
    if (forwards == null || forwards.isEmpty()) {
      throw new IllegalArgumentException("table " + table + ": no ports to forward");
    }
    Set<String> seen = new HashSet<>();
    for (Forward f : forwards) {
      if (!seen.add(f.protocol().text() + " " + f.hostPort())) {
        throw new IllegalArgumentException("table " + table + ": host port " + f.protocol().text() + " " + f.hostPort()
            + " is forwarded twice");
      }
    }
    if (ipv4 != null && !(ipv4 instanceof Inet4Address)) {
      throw new IllegalArgumentException("table " + table + ": the IPv4 target " + AddressText.of(ipv4) + " is not an IPv4 address");
    }
    if (ipv6 != null && !(ipv6 instanceof Inet6Address)) {
      throw new IllegalArgumentException("table " + table + ": the IPv6 target " + AddressText.of(ipv6) + " is not an IPv6 address");
    }
    if (ipv4 == null && ipv6 == null) {
      throw new IllegalArgumentException("table " + table + ": no address to forward to (IPv4 and IPv6 both null)");
    }
    return PortForwardRules.replace(table, forwards, (Inet4Address) ipv4, (Inet6Address) ipv6);
  }

  /** The message {@link #remove} sends. */
  public static NftRequest removeRequest(String table) {
    checkTable(table);
    return NftRequest.deleteTable(PortForwardRules.FAMILY, table);
  }

  /**
   * Checks a table name: 1 to 255 bytes of UTF-8 ({@code NFT_NAME_MAXLEN} with its NUL), no
   * control characters.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static void checkTable(String table) {
    if (table == null || table.isEmpty()) {
      throw new IllegalArgumentException("a table needs a name");
    }
    int bytes = table.getBytes(StandardCharsets.UTF_8).length;
    if (bytes >= Nft.NFT_NAME_MAXLEN) {
      throw new IllegalArgumentException("table name \"" + table.substring(0, 20) + "...\" is " + bytes
          + " bytes long: nf_tables allows at most " + (Nft.NFT_NAME_MAXLEN - 1));
    }
    for (int i = 0; i < table.length(); i++) {
      if (Character.isISOControl(table.charAt(i))) {
        throw new IllegalArgumentException("table name \"" + table.replace("\0", "\\0") + "\": control characters are not allowed");
      }
    }
  }

  /** The channel underneath. */
  public NetlinkChannel channel() {
    return channel;
  }

  /** Closes the socket when this object opened it. */
  @Override
  public void close() {
    if (ownsChannel) {
      channel.close();
    }
  }
}
