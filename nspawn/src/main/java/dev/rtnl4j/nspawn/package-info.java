/**
 * systemd-nspawn containers with NixOS containers.nix's options, prepared in-process.
 *
 * <p>{@link dev.rtnl4j.nspawn.ContainerSpec} holds every per-container option of containers.nix
 * (privateNetwork, host/local addresses, hostBridge, extraVeths, interfaces, macvlans,
 * forwardPorts, bindMounts, tmpfs, additionalCapabilities, enableTun, allowedDevices, ephemeral,
 * timeoutStartSec, extraFlags) plus an {@link dev.rtnl4j.nspawn.Image} and a command.
 * {@link dev.rtnl4j.nspawn.ContainerRuntime} starts them: it removes stale leftovers (the seed's
 * preStart), loads link-kind modules, creates the network namespace and every link, address and
 * route over rtnetlink ({@link dev.rtnl4j.nspawn.NetworkPlan}) and the forwarded ports' nftables
 * table over nfnetlink ({@link dev.rtnl4j.nft.PortForwards}), then spawns
 * {@code systemd-nspawn --network-namespace-path=… --register=no --keep-unit} with posix_spawn
 * and its own {@code NOTIFY_SOCKET}, timing {@code X_NSPAWN_LEADER_PID} and {@code READY=1}
 * ({@link dev.rtnl4j.nspawn.PhaseTimes}). A failed start is undone completely
 * ({@link dev.rtnl4j.nspawn.StartException} names the phase); a stop sends SIGRTMIN+4, kills after
 * a timeout and removes everything. {@link dev.rtnl4j.nspawn.StartMode#COMPATIBLE} keeps the
 * seed's own path (nspawn's {@code --network-veth} and friends, addresses from the host after the
 * leader started).
 *
 * <p>Interface names and MACs are nspawn's: {@code ve-NAME}/{@code vb-NAME}, shortened past 15
 * bytes with nspawn's SipHash-based scheme and the full name kept as an altname
 * ({@link dev.rtnl4j.nspawn.InterfaceNames}).
 */
package dev.rtnl4j.nspawn;
