package dev.rtnl4j.nspawn;

import dev.rtnl4j.rtnl.AddressText;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP address with a prefix length, as containers.nix writes {@code hostAddress} ("10.231.0.1",
 * "10.231.0.2/24", "fc00::1/64"). Parsed without any name lookup.
 *
 * @param address the address (IPv4 or IPv6)
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record IpPrefix(InetAddress address, int prefixLength) {

  /** Checks the prefix length against the family; throws IllegalArgumentException when out of range. */
  public IpPrefix {
    Objects.requireNonNull(address, "address");
    int max = bits(address);
    if (prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " is not in 0.." + max);
    }
  }

  /**
   * Parses {@code text} ("a.b.c.d[/n]" or an IPv6 literal with optional "/n"); without a prefix
   * the full length (/32, /128) is used, as {@code ip addr add} does.
   *
   * @throws IllegalArgumentException with a message saying what is wrong (not an address, bad prefix)
   */
  public static IpPrefix parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    InetAddress address = addressText.indexOf(':') >= 0 ? parseIpv6(addressText) : parseIpv4(addressText);
    int max = bits(address);
    if (slash < 0) {
      return new IpPrefix(address, max);
    }
    String prefixText = text.substring(slash + 1);
    if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("\"" + prefixText + "\" is not a prefix length");
    }
    int prefix = Integer.parseInt(prefixText);
    if (prefix > max) {
      throw new IllegalArgumentException("prefix length /" + prefix + " is longer than " + max);
    }
    return new IpPrefix(address, prefix);
  }

  /** Parses a strict dotted-quad IPv4 address; throws IllegalArgumentException otherwise. */
  static Inet4Address parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address");
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("not an IPv4 address");
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        throw new IllegalArgumentException("not an IPv4 address");
      }
      bytes[i] = (byte) v;
    }
    try {
      return (Inet4Address) InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static InetAddress parseIpv6(String text) {
    if (text.indexOf('%') >= 0) {
      throw new IllegalArgumentException("not an IPv6 address (scope ids are not allowed)");
    }
    // getByName parses text that starts with a hex digit, ':' or '[' and has a ':' as an IPv6 literal,
    // failing rather than looking it up; anything else it would send to the resolver
    char first = text.charAt(0);
    if (!(hexDigit(first) || first == ':' || first == '[')
        || !text.chars().allMatch(c -> hexDigit(c) || c == ':' || c == '.' || c == '[' || c == ']')) {
      throw new IllegalArgumentException("not an IPv6 address");
    }
    try {
      InetAddress a = InetAddress.getByName(text);
      if (a instanceof Inet6Address) {
        return a;
      }
      // an IPv4-mapped literal (::ffff:a.b.c.d): keep its 16 bytes as an IPv6 address
      byte[] v6 = new byte[16];
      v6[10] = (byte) 0xff;
      v6[11] = (byte) 0xff;
      System.arraycopy(a.getAddress(), 0, v6, 12, 4);
      return Inet6Address.getByAddress(null, v6, -1);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv6 address");
    }
  }

  private static boolean hexDigit(int c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static int bits(InetAddress a) {
    return a instanceof Inet4Address ? 32 : 128;
  }

  /** True for an IPv4 address. */
  public boolean isIpv4() {
    return address instanceof Inet4Address;
  }

  /** The address with every bit past the prefix cleared: the network a route points to. */
  public IpPrefix network() {
    byte[] b = address.getAddress();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
      b[i] &= (byte) (0xff << (8 - keep));
    }
    try {
      return new IpPrefix(InetAddress.getByAddress(b), prefixLength);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** The same address with its full length (/32 or /128). */
  public IpPrefix host() {
    return new IpPrefix(address, bits(address));
  }

  /** The address alone, in its usual text form (IPv6 compressed, RFC 5952). */
  public String addressText() {
    return AddressText.of(address);
  }

  @Override
  public String toString() {
    return addressText() + "/" + prefixLength;
  }
}
