package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.Rtm;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address-family helpers shared by addresses and routes. */
final class Inet {
  private Inet() {}

  static int family(InetAddress a) {
    return a instanceof Inet4Address ? Rtm.AF_INET : Rtm.AF_INET6;
  }

  static int bits(int family) {
    return family == Rtm.AF_INET ? 32 : 128;
  }

  static String familyName(int family) {
    return family == Rtm.AF_INET ? "IPv4" : family == Rtm.AF_INET6 ? "IPv6" : "family " + family;
  }

  /** The address in the current attribute; its length must match {@code family}. */
  static InetAddress read(AttributeCursor a, int family, String what) {
    int len = family == Rtm.AF_INET ? 4 : 16;
    byte[] b = a.bytes(len, what);
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new MalformedMessageException(what + ": " + e.getMessage(), a.offset());
    }
  }

  /** Checks the family of a decoded message is IPv4 or IPv6. */
  static void requireInet(int family, String what, long offset) {
    if (family != Rtm.AF_INET && family != Rtm.AF_INET6) {
      throw new MalformedMessageException(what + " of address family " + family + " (only IPv4 and IPv6 are decoded)", offset);
    }
  }

  static String text(InetAddress a) {
    return a == null ? "none" : AddressText.of(a);
  }
}
