package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.Rtm;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * A route to add, replace or delete. Build with {@link #to(InetAddress, int)} or
 * {@link #defaultRoute(int)} and the {@code with...} methods. Defaults are iproute2's: table main,
 * protocol boot, type unicast, scope link for a route without gateway, else universe.
 *
 * @param family          {@code AF_INET} or {@code AF_INET6}
 * @param destination     destination network, or null for the default route
 * @param prefixLength    destination prefix length (0 for the default route)
 * @param gateway         gateway, or null
 * @param outputLink      output link index, or 0
 * @param preferredSource source address for locally generated packets ({@code RTA_PREFSRC}), or null
 * @param scope           {@code RT_SCOPE_*}, or null for the default
 * @param table           routing table (254 = main; above 255 goes in {@code RTA_TABLE})
 * @param metric          {@code RTA_PRIORITY}, or null
 * @param protocol        {@code RTPROT_*}
 * @param type            route type
 * @param onlink          {@code RTNH_F_ONLINK}
 * @param nexthops        multipath next hops ({@code RTA_MULTIPATH}); empty for a single path
 */
public record RouteSpec(int family, InetAddress destination, int prefixLength, InetAddress gateway, int outputLink,
    InetAddress preferredSource, Integer scope, int table, Integer metric, int protocol, RouteType type,
    boolean onlink, List<Nexthop> nexthops) {

  /** Checks families, prefix, table, and that the parts fit together. */
  public RouteSpec {
    if (family != Rtm.AF_INET && family != Rtm.AF_INET6) {
      throw new IllegalArgumentException("route family " + family + " is not AF_INET or AF_INET6");
    }
    nexthops = List.copyOf(nexthops);
    InetAddress ref = family == Rtm.AF_INET ? inet4Zero() : inet6Zero();
    if (destination != null) {
      Validate.sameFamily(ref, destination, "route destination");
      Validate.prefix(destination, prefixLength, "route destination " + destination.getHostAddress());
    } else if (prefixLength != 0) {
      throw new IllegalArgumentException("default route with prefix length " + prefixLength);
    }
    Validate.sameFamily(ref, gateway, "gateway");
    Validate.sameFamily(ref, preferredSource, "preferred source");
    for (Nexthop n : nexthops) {
      Validate.sameFamily(ref, n.gateway(), "next hop gateway");
    }
    if (!nexthops.isEmpty() && (gateway != null || outputLink != 0)) {
      throw new IllegalArgumentException("a multipath route takes its gateways and links from its next hops only");
    }
    if (outputLink < 0) {
      throw new IllegalArgumentException("output link index " + outputLink + " is negative");
    }
    if (table <= 0) {
      throw new IllegalArgumentException("routing table " + table + " must be positive");
    }
    if (protocol < 0 || protocol > 255) {
      throw new IllegalArgumentException("route protocol " + protocol + " is out of range 0..255");
    }
    if (scope != null && (scope < 0 || scope > 255)) {
      throw new IllegalArgumentException("scope " + scope + " is out of range 0..255");
    }
    if (metric != null && metric < 0) {
      throw new IllegalArgumentException("metric " + metric + " is negative");
    }
    if (type == null) {
      type = RouteType.UNICAST;
    }
    if (type.needsNoNexthop() && (gateway != null || outputLink != 0 || !nexthops.isEmpty())) {
      throw new IllegalArgumentException(type.name().toLowerCase() + " routes take no gateway or output link");
    }
    if (type == RouteType.UNICAST && gateway == null && outputLink == 0 && nexthops.isEmpty()) {
      throw new IllegalArgumentException("a unicast route needs a gateway, an output link or next hops");
    }
  }

  private static InetAddress inet4Zero() {
    return anyAddress(4);
  }

  private static InetAddress inet6Zero() {
    return anyAddress(16);
  }

  private static InetAddress anyAddress(int bytes) {
    try {
      return InetAddress.getByAddress(new byte[bytes]);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e); // only for a length other than 4 or 16
    }
  }

  /** A route to {@code destination/prefixLength} (complete it with a gateway, link or type). */
  public static Builder to(InetAddress destination, int prefixLength) {
    return new Builder(Inet.family(destination), destination, prefixLength);
  }

  /** The default route of {@code family} ({@code AF_INET} / {@code AF_INET6}). */
  public static Builder defaultRoute(int family) {
    return new Builder(family, null, 0);
  }

  /** "10.0.0.0/24" or "default". */
  public String destinationText() {
    return destination == null ? "default" : destination.getHostAddress() + "/" + prefixLength;
  }

  /** The family of {@code a}: {@code AF_INET} or {@code AF_INET6}. */
  public static int familyOf(InetAddress a) {
    return a instanceof Inet6Address ? Rtm.AF_INET6 : a instanceof Inet4Address ? Rtm.AF_INET : Rtm.AF_UNSPEC;
  }

  /** Builds a {@link RouteSpec}; {@link #build()} checks it. */
  public static final class Builder {
    private final int family;
    private final InetAddress destination;
    private final int prefixLength;
    private InetAddress gateway;
    private int outputLink;
    private InetAddress preferredSource;
    private Integer scope;
    private int table = Rtm.RT_TABLE_MAIN;
    private Integer metric;
    private int protocol = Rtm.RTPROT_BOOT;
    private RouteType type = RouteType.UNICAST;
    private boolean onlink;
    private List<Nexthop> nexthops = List.of();

    private Builder(int family, InetAddress destination, int prefixLength) {
      this.family = family;
      this.destination = destination;
      this.prefixLength = prefixLength;
    }

    public Builder via(InetAddress g) {
      gateway = g;
      return this;
    }

    public Builder dev(int linkIndex) {
      outputLink = Validate.index(linkIndex, "output link");
      return this;
    }

    public Builder source(InetAddress s) {
      preferredSource = s;
      return this;
    }

    public Builder scope(int s) {
      scope = s;
      return this;
    }

    public Builder table(int t) {
      table = t;
      return this;
    }

    public Builder metric(int m) {
      metric = m;
      return this;
    }

    public Builder protocol(int p) {
      protocol = p;
      return this;
    }

    public Builder type(RouteType t) {
      type = t;
      return this;
    }

    public Builder onlink() {
      onlink = true;
      return this;
    }

    public Builder nexthops(List<Nexthop> n) {
      nexthops = List.copyOf(n);
      return this;
    }

    /** The spec; throws {@link IllegalArgumentException} when the parts do not fit together. */
    public RouteSpec build() {
      return new RouteSpec(family, destination, prefixLength, gateway, outputLink, preferredSource, scope, table,
          metric, protocol, type, onlink, nexthops);
    }
  }
}
