package dev.rtnl4j.bench.workload;

/**
 * The reference workloads of /work/shared/workloads.md: W1 (routed veth per container) and W2
 * (bridged veth per container).
 */
public enum Workload {
  /** Routed veth per container: host and container addresses /32, routes both ways, default via the host. */
  W1,
  /** Bridged veth per container: host end enslaved to br-PREFIX, container gets lip/16, default via 10.232.255.254. */
  W2;

  /** "w1" / "w2". */
  public String label() {
    return name().toLowerCase();
  }
}
