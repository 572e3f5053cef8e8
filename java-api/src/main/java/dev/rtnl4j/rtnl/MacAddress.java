package dev.rtnl4j.rtnl;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A link-layer (hardware) address: six bytes for Ethernet, other lengths for other link types.
 * Written and parsed as colon-separated hex ({@code "02:00:00:00:00:01"}).
 */
public final class MacAddress {
  private final byte[] bytes;

  private MacAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The address made of {@code bytes} (copied; at most 32). */
  public static MacAddress of(byte[] bytes) {
    if (bytes.length > 32) {
      throw new IllegalArgumentException("a link-layer address of " + bytes.length + " bytes is too long (max 32)");
    }
    return new MacAddress(bytes.clone());
  }

  /** Parses {@code "aa:bb:cc:dd:ee:ff"}; throws {@link IllegalArgumentException} for anything else. */
  public static MacAddress parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length < 1 || parts.length > 32 || text.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' is not a link-layer address (aa:bb:cc:dd:ee:ff)");
    }
    byte[] b = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].length() != 2) {
        throw new IllegalArgumentException("'" + text + "' is not a link-layer address: byte " + (i + 1) + " is '" + parts[i] + "'");
      }
      try {
        b[i] = (byte) HexFormat.fromHexDigits(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not a link-layer address: byte " + (i + 1) + " is '" + parts[i] + "'");
      }
    }
    return new MacAddress(b);
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] bytesNoCopy() {
    return bytes;
  }

  /** Number of bytes. */
  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MacAddress m && Arrays.equals(m.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.ofDelimiter(":").formatHex(bytes);
  }
}
