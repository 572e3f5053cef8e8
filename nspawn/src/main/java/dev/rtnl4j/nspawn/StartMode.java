package dev.rtnl4j.nspawn;

/** How a container's network is made. */
public enum StartMode {
  /**
   * The default: rtnl4j creates the namespace and configures every link, address and route over
   * rtnetlink, then starts nspawn with {@code --network-namespace-path=}. The guest needs no
   * network set-up of its own. forwardPorts (which nspawn refuses with a prepared namespace) become
   * an nftables table of rtnl4j's own, {@code inet rtnl4j-NAME}, made over netlink.
   */
  PREPARED,
  /**
   * containers.nix's own path: nspawn makes the links ({@code --network-veth},
   * {@code --network-bridge=}, {@code --network-macvlan=}, {@code --network-interface=},
   * {@code --network-veth-extra=}, {@code --port=}); after {@code X_NSPAWN_LEADER_PID} rtnl4j does
   * what the seed's postStart and container-init scripts did with {@code ip}, on both sides.
   */
  COMPATIBLE,
  /**
   * The seed's own way, for comparisons: as {@link #COMPATIBLE} (nspawn makes the links), but the
   * addresses, routes and link states after {@code X_NSPAWN_LEADER_PID} are set by one {@code ip}
   * process per command (argv arrays, no shell), as containers.nix's postStart and container-init
   * scripts do. Checks and the clean-up of stale links stay rtnl4j's.
   */
  SEED
}
