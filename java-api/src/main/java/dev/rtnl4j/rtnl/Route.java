package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.RawAttribute;
import java.net.InetAddress;
import java.util.List;

/**
 * A route as the kernel reports it ({@code RTM_NEWROUTE}). Attributes not modelled are kept in
 * {@code unknown}.
 *
 * @param family          {@code AF_INET} or {@code AF_INET6}
 * @param destination     destination ({@code RTA_DST}), or null for the default route
 * @param prefixLength    {@code rtm_dst_len}
 * @param source          {@code RTA_SRC} (source routing), or null
 * @param sourceLength    {@code rtm_src_len}
 * @param tos             {@code rtm_tos}
 * @param table           table ({@code RTA_TABLE} when present, else {@code rtm_table})
 * @param protocol        {@code RTPROT_*}
 * @param scope           {@code RT_SCOPE_*}
 * @param type            {@code RTN_*} value; see {@link #routeType()}
 * @param flags           {@code rtm_flags} ({@code RTNH_F_ONLINK}, {@code RTM_F_CLONED}...)
 * @param gateway         {@code RTA_GATEWAY}, or null
 * @param outputLink      {@code RTA_OIF}, or 0
 * @param preferredSource {@code RTA_PREFSRC}, or null
 * @param metric          {@code RTA_PRIORITY}, or 0
 * @param nexthops        {@code RTA_MULTIPATH} paths, empty for a single path
 * @param unknown         attributes not modelled
 */
public record Route(int family, InetAddress destination, int prefixLength, InetAddress source, int sourceLength,
    int tos, int table, int protocol, int scope, int type, int flags, InetAddress gateway, int outputLink,
    InetAddress preferredSource, int metric, List<Nexthop> nexthops, List<RawAttribute> unknown) {

  /** Copies the lists. */
  public Route {
    nexthops = List.copyOf(nexthops);
    unknown = List.copyOf(unknown);
  }

  /** The route type, or null for a value this library does not know. */
  public RouteType routeType() {
    return RouteType.of(type);
  }

  /** True for a default route (prefix length 0). */
  public boolean isDefault() {
    return prefixLength == 0;
  }

  /** "10.0.0.0/24" or "default". */
  public String destinationText() {
    return destination == null || prefixLength == 0 ? "default" : destination.getHostAddress() + "/" + prefixLength;
  }
}
