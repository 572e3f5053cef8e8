package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.RawAttribute;
import java.net.InetAddress;
import java.util.List;

/**
 * An address as the kernel reports it ({@code RTM_NEWADDR}). Attributes not modelled are kept in
 * {@code unknown}.
 *
 * @param family        {@code AF_INET} or {@code AF_INET6}
 * @param linkIndex     index of the link
 * @param prefixLength  prefix length
 * @param flags         {@code IFA_F_*} (from {@code IFA_FLAGS} when present)
 * @param scope         {@code RT_SCOPE_*}
 * @param local         {@code IFA_LOCAL}, or null (IPv6 without a peer reports only {@code IFA_ADDRESS})
 * @param address       {@code IFA_ADDRESS}: the peer on point-to-point links, else the address
 * @param broadcast     {@code IFA_BROADCAST}, or null
 * @param label         {@code IFA_LABEL}, or null
 * @param lifetime      {@code IFA_CACHEINFO}, or null
 * @param metric        {@code IFA_RT_PRIORITY}, or 0
 * @param unknown       attributes not modelled
 */
public record Address(int family, int linkIndex, int prefixLength, int flags, int scope, InetAddress local,
    InetAddress address, InetAddress broadcast, String label, Lifetime lifetime, int metric, List<RawAttribute> unknown) {

  /** {@code struct ifa_cacheinfo}: lifetimes in seconds (0xFFFFFFFF = forever), timestamps in hundredths of a second since boot. */
  public record Lifetime(long preferred, long valid, long created, long updated) {
    /** True when the valid lifetime is infinite. */
    public boolean permanent() {
      return valid == 0xFFFFFFFFL;
    }
  }

  /** Copies the list. */
  public Address {
    unknown = List.copyOf(unknown);
  }

  /** The address itself: {@code IFA_LOCAL} when present, else {@code IFA_ADDRESS}. */
  public InetAddress ip() {
    return local != null ? local : address;
  }

  /** "10.0.0.1/24". */
  public String text() {
    return ip().getHostAddress() + "/" + prefixLength;
  }
}
