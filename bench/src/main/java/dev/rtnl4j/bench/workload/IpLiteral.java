package dev.rtnl4j.bench.workload;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP address written as a literal in the benchmarks' own code (Java 17 has no {@code InetAddress.ofLiteral}). */
public final class IpLiteral {
  private IpLiteral() {}

  /**
   * The address {@code text} spells: an IPv4 dotted quad or an IPv6 literal, never a name to look up.
   *
   * @throws IllegalArgumentException if {@code text} is not an IP literal
   */
  public static InetAddress of(String text) {
    if (text.isEmpty() || !(Character.digit(text.charAt(0), 16) >= 0 || text.charAt(0) == ':')) {
      throw new IllegalArgumentException("not an IP literal: \"" + text + "\"");
    }
    try {
      return InetAddress.getByName(text);   // a literal (starts with a hex digit or ':'): parsed, not resolved
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: \"" + text + "\"", e);
    }
  }
}
