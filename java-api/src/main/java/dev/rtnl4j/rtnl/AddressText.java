package dev.rtnl4j.rtnl;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The text form of an address as iproute2 prints it: IPv4 dotted, IPv6 in RFC 5952's canonical form
 * (lower-case hex, leading zeros dropped, the longest run of two or more zero groups written
 * {@code ::}, the first of equal runs; a v4-mapped address as {@code ::ffff:a.b.c.d}), without a
 * scope id. {@link InetAddress#getHostAddress()} writes IPv6 uncompressed, which no witness
 * ({@code ip -j}, nspawn, containers.nix) prints.
 */
public final class AddressText {
  private AddressText() {}

  /**
   * The canonical text of {@code address}.
   *
   * @throws NullPointerException when {@code address} is null
   */
  public static String of(InetAddress address) {
    return address instanceof Inet6Address v6 ? ipv6(v6.getAddress()) : address.getHostAddress();
  }

  private static String ipv6(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestStart == 0 && bestLen == 5 && g[5] == 0xffff) {
      return "::ffff:" + (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff);
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
