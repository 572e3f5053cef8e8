package dev.rtnl4j.nspawn;

/** The phases of a container's start, in order; a failed start says which one failed. */
public enum Phase {
  /** The spec against the machine: name not in use, image usable, bridges and interfaces present. */
  CHECK,
  /** Removing stale links, namespace and files of an earlier run of the same container (preStart). */
  CLEANUP,
  /** Loading the kernel modules the links need. */
  MODULES,
  /** Creating the namespace and every link, address and route. */
  NETWORK,
  /** Laying out the image. */
  IMAGE,
  /** posix_spawn of systemd-nspawn. */
  SPAWN,
  /** Waiting for nspawn's {@code X_NSPAWN_LEADER_PID}. */
  LEADER,
  /** Compatible mode: addresses and routes after nspawn made the links. */
  NETWORK_AFTER_LEADER,
  /** Waiting for {@code READY=1}. */
  READY,
  /** Writing the state file. */
  RECORD
}
