package dev.rtnl4j.nspawn;

/**
 * A device node the container may use (containers.nix {@code allowedDevices}).
 *
 * <p>Without a systemd unit there is no cgroup device policy to extend, so the node is made
 * available by binding it into the container: read-only when the modifier lacks {@code w}, and
 * {@code m} (mknod) adds {@code CAP_MKNOD}.
 *
 * @param node absolute path under /dev, e.g. /dev/net/tun
 * @param modifier a non-empty combination of r, w and m
 */
public record AllowedDevice(String node, String modifier) {}
