package dev.rtnl4j.bench.workload;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One run of a workload: which, how many containers, and the namespace prefix. Names and
 * addresses follow workloads.md: namespaces {@code PREFIX0..PREFIX(N-1)}, host links
 * {@code ve-PREFIXi}, {@code hip = 10.231.(i/256).(i%256)}, {@code lip = 10.232.(i/256).(i%256)},
 * W2's bridge {@code br-PREFIX} with 10.232.255.254/16.
 */
public record WorkloadSpec(Workload workload, int containers, String prefix) {
  /** The W2 bridge's address, the containers' default gateway. */
  public static final String BRIDGE_ADDRESS = "10.232.255.254";

  /** Checks the count (1..65534, so addresses stay unique and off the bridge's) and the names' length. */
  public WorkloadSpec {
    if (containers < 1 || containers > 65534) {
      throw new IllegalArgumentException("--containers must be 1..65534, not " + containers);
    }
    if (prefix == null || prefix.isEmpty() || !prefix.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("--netns-prefix must be letters, digits, '_', '.' or '-', not '" + prefix + "'");
    }
    String longest = "ve-" + prefix + (containers - 1);
    if (longest.length() > 15) {
      throw new IllegalArgumentException("--netns-prefix '" + prefix + "' is too long: host link " + longest
          + " would exceed the kernel's 15 bytes");
    }
  }

  /** Namespace of container {@code i}. */
  public String namespace(int i) {
    return prefix + i;
  }

  /** Host end of container {@code i}'s veth. */
  public String hostLink(int i) {
    return "ve-" + prefix + i;
  }

  /** W2's bridge. */
  public String bridge() {
    return "br-" + prefix;
  }

  /** Host address of container {@code i}, dotted. */
  public static String hip(int i) {
    return "10.231." + (i / 256) + "." + (i % 256);
  }

  /** Container address of container {@code i}, dotted. */
  public static String lip(int i) {
    return "10.232." + (i / 256) + "." + (i % 256);
  }

  /** {@link #hip} as an address. */
  public static InetAddress hipAddress(int i) {
    return v4(10, 231, i / 256, i % 256);
  }

  /** {@link #lip} as an address. */
  public static InetAddress lipAddress(int i) {
    return v4(10, 232, i / 256, i % 256);
  }

  static InetAddress v4(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
