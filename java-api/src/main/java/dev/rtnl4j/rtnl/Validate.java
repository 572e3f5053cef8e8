package dev.rtnl4j.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Checks of input before the kernel sees it: interface names, prefix lengths, address families.
 * Each failure is an {@link IllegalArgumentException} saying what was wrong.
 */
public final class Validate {
  private Validate() {}

  /** Longest interface name, in bytes ({@code IFNAMSIZ - 1}). */
  public static final int MAX_NAME_BYTES = 15;
  /** Longest alternative name, in bytes ({@code ALTIFNAMSIZ - 1}). */
  public static final int MAX_ALTNAME_BYTES = 127;

  /** Checks an interface name: 1 to 15 bytes, no '/', ':' or whitespace, not "." or "..". */
  public static String interfaceName(String name) {
    return name(name, MAX_NAME_BYTES, "interface name");
  }

  /** Checks an alternative interface name: as a name, up to 127 bytes. */
  public static String altName(String name) {
    return name(name, MAX_ALTNAME_BYTES, "alternative interface name");
  }

  private static String name(String name, int max, String what) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > max) {
      throw new IllegalArgumentException(what + " '" + name + "' is " + bytes + " bytes long; the kernel allows at most " + max);
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(what + " '" + name + "' is not allowed by the kernel");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == ':' || Character.isWhitespace(c) || c == 0) {
        String shown = c == 0 ? "NUL" : Character.isWhitespace(c) ? "whitespace" : "'" + c + "'";
        throw new IllegalArgumentException(what + " '" + name + "' contains " + shown + " at position " + i
            + "; the kernel does not allow '/', ':' or whitespace in names");
      }
    }
    return name;
  }

  /** Bits of an address of this family: 32 or 128. */
  public static int bits(InetAddress a) {
    return a instanceof Inet4Address ? 32 : 128;
  }

  /** Checks {@code 0 <= length <= bits(address)}. */
  public static int prefix(InetAddress address, int length, String what) {
    int max = bits(address);
    if (length < 0 || length > max) {
      throw new IllegalArgumentException(what + " prefix length " + length + " is out of range for "
          + address.getHostAddress() + " (0.." + max + ")");
    }
    return length;
  }

  /** Checks that {@code other} is of the same family as {@code reference}. */
  public static void sameFamily(InetAddress reference, InetAddress other, String what) {
    if (other != null && reference != null && bits(other) != bits(reference)) {
      throw new IllegalArgumentException(what + " " + other.getHostAddress() + " is "
          + (bits(other) == 32 ? "IPv4" : "IPv6") + ", but " + reference.getHostAddress() + " is "
          + (bits(reference) == 32 ? "IPv4" : "IPv6") + ": address families must not be mixed");
    }
  }

  /** Checks an interface index is positive. */
  public static int index(int index, String what) {
    if (index <= 0) {
      throw new IllegalArgumentException(what + " interface index " + index + " must be positive");
    }
    return index;
  }
}
