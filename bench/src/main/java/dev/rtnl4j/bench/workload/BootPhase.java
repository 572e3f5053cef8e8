package dev.rtnl4j.bench.workload;

/**
 * The phases workload B1 reports (workloads.md), each measured from "launch requested":
 * {@code netns} (network namespace fully configured), {@code spawned} (systemd-nspawn reported
 * {@code X_NSPAWN_LEADER_PID}), {@code ready} ({@code READY=1} arrived).
 */
public enum BootPhase {
  /** The container's network namespace is fully configured. */
  NETNS,
  /** systemd-nspawn reported {@code X_NSPAWN_LEADER_PID}. */
  SPAWNED,
  /** {@code READY=1} arrived. */
  READY;

  /** "netns", "spawned", "ready". */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
