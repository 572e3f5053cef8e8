package dev.rtnl4j.nspawn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Interface names and MACs exactly as systemd-nspawn (v250+, naming scheme with
 * {@code NAMING_NSPAWN_LONG_HASH}) makes them, so that a container started by rtnl4j looks like
 * one started by nspawn: {@code ve-NAME} / {@code vb-NAME}, shortened to 15 characters by keeping
 * 11 and appending four url-safe base64 characters of a SipHash-2-4 of the full name (the full name
 * becomes an altname), and MACs hashed from /etc/machine-id and the machine name.
 */
public final class InterfaceNames {
  private InterfaceNames() {}

  /** IFNAMSIZ - 1: the longest interface name the kernel takes. */
  public static final int MAX_NAME = 15;

  /** The longest alternative name (ALTIFNAMSIZ - 1). */
  public static final int MAX_ALTNAME = 127;

  private static final byte[] SHORTEN_KEY = bytes("e190a404a8ef4b518cccc33a9f11fca2");
  static final byte[] HOST_KEY = bytes("1a376fc746ec450bada3d53106605db1");
  static final byte[] CONTAINER_KEY = bytes("c3c4f919b557b21ce6cf1427039ceea2");
  private static final byte[] MACVLAN_KEY = bytes("00136dbc66834481bb0cf9511f24a66f");
  private static final String URLSAFE_BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** The host side of the main veth: {@code ve-NAME}, or {@code vb-NAME} when bridged, before shortening. */
  public static String hostVethFullName(String machine, boolean bridged) {
    return (bridged ? "vb-" : "ve-") + machine;
  }

  /** The macvlan for parent {@code parent}, before shortening: {@code mv-PARENT}. */
  public static String macvlanFullName(String parent) {
    return "mv-" + parent;
  }

  /**
   * {@code name} if it fits in 15 bytes, else nspawn's shortened form: its first 11 bytes and four
   * url-safe base64 characters of the low 24 bits of SipHash-2-4 of the full name.
   */
  public static String shorten(String name) {
    byte[] full = name.getBytes(StandardCharsets.UTF_8);
    if (full.length <= MAX_NAME) {
      return name;
    }
    long h = SipHash24.hash(full, SHORTEN_KEY);
    byte[] out = new byte[MAX_NAME];
    System.arraycopy(full, 0, out, 0, MAX_NAME - 4);
    out[11] = (byte) URLSAFE_BASE64.charAt((int) ((h >>> 18) & 63));
    out[12] = (byte) URLSAFE_BASE64.charAt((int) ((h >>> 12) & 63));
    out[13] = (byte) URLSAFE_BASE64.charAt((int) ((h >>> 6) & 63));
    out[14] = (byte) URLSAFE_BASE64.charAt((int) (h & 63));
    return new String(out, StandardCharsets.UTF_8);
  }

  /** The MAC nspawn gives the container side of the main veth ({@code host0}) of {@code machine}. */
  public static byte[] containerMac(String machine) {
    return generateMac(machine, CONTAINER_KEY, 0);
  }

  /** The MAC nspawn gives the host side ({@code ve-NAME}) of the main veth of {@code machine}. */
  public static byte[] hostMac(String machine) {
    return generateMac(machine, HOST_KEY, 0);
  }

  /** The MAC nspawn gives the macvlan number {@code index} (0-based) of {@code machine}. */
  public static byte[] macvlanMac(String machine, int index) {
    return generateMac(machine, MACVLAN_KEY, index);
  }

  /**
   * nspawn's {@code generate_mac()}: SipHash-2-4 of machine-id (16 bytes) + name (+ index, little
   * endian, when non-zero), first six bytes, unicast and locally administered.
   */
  static byte[] generateMac(String machine, byte[] key, long index) {
    return generateMac(MachineId.ID, machine, key, index);
  }

  /** {@link #generateMac(String, byte[], long)} for a given 16-byte machine id. */
  static byte[] generateMac(byte[] id, String machine, byte[] key, long index) {
    byte[] nameBytes = machine.getBytes(StandardCharsets.UTF_8);
    int size = 16 + nameBytes.length + (index > 0 ? 8 : 0);
    byte[] v = new byte[size];
    System.arraycopy(id, 0, v, 0, 16);
    System.arraycopy(nameBytes, 0, v, 16, nameBytes.length);
    if (index > 0) {
      for (int i = 0; i < 8; i++) {
        v[16 + nameBytes.length + i] = (byte) (index >>> (8 * i));
      }
    }
    long h = SipHash24.hash(v, key);
    byte[] mac = new byte[6];
    for (int i = 0; i < 6; i++) {
      mac[i] = (byte) (h >>> (8 * i));
    }
    mac[0] &= (byte) 0xfe; // unicast
    mac[0] |= 0x02; // locally administered
    return mac;
  }

  /** "aa:bb:cc:dd:ee:ff". */
  public static String macText(byte[] mac) {
    return HexFormat.ofDelimiter(":").formatHex(mac);
  }

  /** Parses "aa:bb:cc:dd:ee:ff"; throws IllegalArgumentException otherwise. */
  public static byte[] parseMac(String text) {
    if (text.length() != 17) {
      throw new IllegalArgumentException("not a MAC address (aa:bb:cc:dd:ee:ff)");
    }
    try {
      return HexFormat.ofDelimiter(":").parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a MAC address (aa:bb:cc:dd:ee:ff)");
    }
  }

  /** /etc/machine-id, read once (it does not change while the system runs); never handed out. */
  private static final class MachineId {
    static final byte[] ID = machineId();
  }

  private static byte[] machineId() {
    try {
      String s = Files.readString(Path.of("/etc/machine-id")).strip();
      if (s.length() == 32) {
        return HexFormat.of().parseHex(s);
      }
    } catch (IOException | IllegalArgumentException e) {
      // fall through: no machine id, nspawn would fail here; a zero id still gives stable MACs
    }
    return new byte[16];
  }

  /**
   * Checks an interface name as the kernel does (1..15 bytes, not "." or "..", no '/', ':' or
   * white space); returns null when valid, else the problem.
   */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "empty interface name";
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
      return "longer than " + MAX_NAME + " bytes";
    }
    if (name.equals(".") || name.equals("..")) {
      return "not an interface name";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x20 || c == 0x7f) {
        return "'" + (c < 0x20 ? "\\x" + Integer.toHexString(c) : String.valueOf(c)) + "' is not allowed in an interface name";
      }
    }
    return null;
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
