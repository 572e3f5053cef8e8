package dev.rtnl4j.nspawn;

import dev.rtnl4j.nft.Forward;
import dev.rtnl4j.nft.Protocol;

/**
 * A port forwarded from the host to the container (containers.nix {@code forwardPorts}; nspawn
 * {@code --port=proto:host:container}).
 *
 * @param protocol "tcp" or "udp"
 * @param hostPort 1..65535
 * @param containerPort 1..65535 (the same as hostPort when not given)
 */
public record PortForward(String protocol, int hostPort, int containerPort) {

  /** The forward with containerPort equal to hostPort, as containers.nix assumes when it is null. */
  public static PortForward of(String protocol, int hostPort, Integer containerPort) {
    return new PortForward(protocol == null ? "tcp" : protocol, hostPort, containerPort == null ? hostPort : containerPort);
  }

  /**
   * The same forward for {@link dev.rtnl4j.nft.PortForwards}.
   *
   * @throws IllegalArgumentException for a protocol other than tcp or udp, or a port outside 1..65535
   */
  public Forward toForward() {
    return new Forward(Protocol.of(protocol), hostPort, containerPort);
  }

  /** The value of nspawn's {@code --port=}. */
  public String nspawnValue() {
    return protocol + ":" + hostPort + ":" + containerPort;
  }
}
