package dev.rtnl4j.rtnl;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals for tests, parsed without a name lookup ({@code InetAddress.ofLiteral} is
 * JDK 22 and later; the library runs on 17). Anything but an IPv4 or IPv6 literal is refused with
 * {@link IllegalArgumentException}, so a typo cannot turn into a DNS query.
 */
public final class Literal {
  private Literal() {}

  /** {@code text} ("10.0.0.1", "fe80::1", "::ffff:1.2.3.4") as an address. */
  public static InetAddress ip(String text) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
        || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
      throw new IllegalArgumentException("not an IP address literal: \"" + text + "\"");
    }
    try {
      return InetAddress.getByName(text); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: \"" + text + "\"", e);
    }
  }
}
