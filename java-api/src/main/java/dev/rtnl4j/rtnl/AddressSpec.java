package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.Ifa;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address to add to (or remove from) a link. Build with
 * {@link #of(int, InetAddress, int)} and the {@code with...} methods.
 *
 * @param linkIndex        index of the link
 * @param local            the address ({@code IFA_LOCAL})
 * @param prefixLength     prefix length (0..32 or 0..128)
 * @param peer             the other end of a point-to-point link ({@code IFA_ADDRESS}), or null
 * @param broadcast        IPv4 broadcast address, or null
 * @param label            IPv4 label ({@code IFA_LABEL}), or null
 * @param scope            scope ({@code RT_SCOPE_*}), or null for iproute2's default (host for 127/8, else universe)
 * @param flags            {@code IFA_F_*} flags ({@code IFA_F_NODAD}, {@code IFA_F_NOPREFIXROUTE}...)
 * @param validLifetime    seconds, or null for forever
 * @param preferredLifetime seconds, or null for forever (or for the valid lifetime if that is set)
 * @param metric           metric of the prefix route ({@code IFA_RT_PRIORITY}), or null
 */
public record AddressSpec(int linkIndex, InetAddress local, int prefixLength, InetAddress peer, InetAddress broadcast,
    String label, Integer scope, int flags, Long validLifetime, Long preferredLifetime, Integer metric) {

  /** Checks index, prefix, families, label and lifetimes. */
  public AddressSpec {
    Validate.index(linkIndex, "address's");
    Objects.requireNonNull(local, "local address");
    Validate.prefix(local, prefixLength, "address " + local.getHostAddress());
    Validate.sameFamily(local, peer, "peer address");
    Validate.sameFamily(local, broadcast, "broadcast address");
    if (broadcast != null && Inet.family(local) != dev.rtnl4j.codec.Rtm.AF_INET) {
      throw new IllegalArgumentException("IPv6 addresses have no broadcast address");
    }
    if (label != null) {
      int bytes = label.getBytes(StandardCharsets.UTF_8).length;
      if (bytes == 0 || bytes > Validate.MAX_NAME_BYTES) {
        throw new IllegalArgumentException("address label '" + label + "' must be 1 to 15 bytes, not " + bytes);
      }
    }
    if (scope != null && (scope < 0 || scope > 255)) {
      throw new IllegalArgumentException("scope " + scope + " is out of range 0..255");
    }
    checkLifetime(validLifetime, "valid");
    checkLifetime(preferredLifetime, "preferred");
    if (validLifetime != null && preferredLifetime != null && preferredLifetime > validLifetime) {
      throw new IllegalArgumentException("preferred lifetime " + preferredLifetime + " s exceeds the valid lifetime " + validLifetime + " s");
    }
  }

  private static void checkLifetime(Long seconds, String what) {
    if (seconds != null && (seconds < 0 || seconds >= 0xffffffffL)) {
      throw new IllegalArgumentException(what + " lifetime " + seconds + " s is out of range (0..4294967294; null for forever)");
    }
  }

  /** Address {@code local/prefixLength} on link {@code linkIndex}, everything else default. */
  public static AddressSpec of(int linkIndex, InetAddress local, int prefixLength) {
    return new AddressSpec(linkIndex, local, prefixLength, null, null, null, null, 0, null, null, null);
  }

  public AddressSpec withPeer(InetAddress p) {
    return new AddressSpec(linkIndex, local, prefixLength, p, broadcast, label, scope, flags, validLifetime, preferredLifetime, metric);
  }

  public AddressSpec withBroadcast(InetAddress b) {
    return new AddressSpec(linkIndex, local, prefixLength, peer, b, label, scope, flags, validLifetime, preferredLifetime, metric);
  }

  public AddressSpec withLabel(String l) {
    return new AddressSpec(linkIndex, local, prefixLength, peer, broadcast, l, scope, flags, validLifetime, preferredLifetime, metric);
  }

  public AddressSpec withScope(int s) {
    return new AddressSpec(linkIndex, local, prefixLength, peer, broadcast, label, s, flags, validLifetime, preferredLifetime, metric);
  }

  /** Adds {@code IFA_F_*} flags. */
  public AddressSpec withFlags(int f) {
    return new AddressSpec(linkIndex, local, prefixLength, peer, broadcast, label, scope, flags | f, validLifetime, preferredLifetime, metric);
  }

  /** Without duplicate address detection (IPv6, {@code IFA_F_NODAD}). */
  public AddressSpec noDad() {
    return withFlags(Ifa.IFA_F_NODAD);
  }

  /** Without the automatic prefix route ({@code IFA_F_NOPREFIXROUTE}). */
  public AddressSpec noPrefixRoute() {
    return withFlags(Ifa.IFA_F_NOPREFIXROUTE);
  }

  public AddressSpec withLifetimes(long validSeconds, long preferredSeconds) {
    return new AddressSpec(linkIndex, local, prefixLength, peer, broadcast, label, scope, flags, validSeconds, preferredSeconds, metric);
  }

  public AddressSpec withMetric(int m) {
    return new AddressSpec(linkIndex, local, prefixLength, peer, broadcast, label, scope, flags, validLifetime, preferredLifetime, m);
  }

  /** "10.0.0.1/24". */
  public String text() {
    return local.getHostAddress() + "/" + prefixLength;
  }
}
