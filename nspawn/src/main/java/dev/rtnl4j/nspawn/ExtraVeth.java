package dev.rtnl4j.nspawn;

/**
 * An extra veth pair (containers.nix {@code extraVeths.<name>}): the same name on both sides,
 * host side optionally enslaved to a bridge, addresses and routes on both sides.
 *
 * @param name the interface name on the host and in the container
 * @param hostBridge bridge for the host side, or null
 * @param hostAddress IPv4 address of the host side, or null
 * @param hostAddress6 IPv6 address of the host side, or null
 * @param localAddress IPv4 address of the container side, or null
 * @param localAddress6 IPv6 address of the container side, or null
 */
public record ExtraVeth(
    String name,
    String hostBridge,
    IpPrefix hostAddress,
    IpPrefix hostAddress6,
    IpPrefix localAddress,
    IpPrefix localAddress6) {}
