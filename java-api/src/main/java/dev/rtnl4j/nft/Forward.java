package dev.rtnl4j.nft;

import dev.rtnl4j.rtnl.AddressText;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One forwarded port: connections to {@code hostPort} of the host are sent on to
 * {@code containerPort} of the container (containers.nix's {@code forwardPorts} entry,
 * nspawn's {@code --port=tcp:8080:80}).
 *
 * @param protocol tcp or udp
 * @param hostPort the port on the host, 1..65535
 * @param containerPort the port in the container, 1..65535
 */
public record Forward(Protocol protocol, int hostPort, int containerPort) {

  /**
   * Checks the ports.
   *
   * @throws IllegalArgumentException for a port outside 1..65535
   * @throws NullPointerException for a null protocol
   */
  public Forward {
    Objects.requireNonNull(protocol, "protocol");
    check("hostPort", hostPort);
    check("containerPort", containerPort);
  }

  /** The forward of {@code protocol} {@code hostPort} to the same port in the container. */
  public static Forward of(Protocol protocol, int port) {
    return new Forward(protocol, port, port);
  }

  private static void check(String field, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(field + " " + port + ": not a port (1..65535)");
    }
  }

  /**
   * This forward to {@code address} in words: {@code tcp 8080 -> 10.231.0.2:80},
   * {@code tcp 8080 -> [fc00::2]:80}.
   */
  public String to(InetAddress address) {
    String a = AddressText.of(address);
    return protocol.text() + " " + hostPort + " -> " + (address instanceof Inet6Address ? "[" + a + "]" : a) + ":" + containerPort;
  }

  /** {@code tcp 8080 -> 80}. */
  @Override
  public String toString() {
    return protocol.text() + " " + hostPort + " -> " + containerPort;
  }
}
