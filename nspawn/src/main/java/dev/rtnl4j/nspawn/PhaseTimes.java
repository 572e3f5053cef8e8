package dev.rtnl4j.nspawn;

import java.time.Duration;

/**
 * When each phase of a start ended, measured from the start request (workload B1's phases).
 *
 * @param queued when preparation began (after waiting for a free preparation thread in
 *     {@code startAll}; zero for a single start)
 * @param network namespace, links, addresses and routes ready (with the checks and clean-up
 *     before them)
 * @param spawned systemd-nspawn spawned (posix_spawn returned)
 * @param leader {@code X_NSPAWN_LEADER_PID} received
 * @param ready {@code READY=1} received
 * @param own rtnl4j's own work in the start, per step
 */
public record PhaseTimes(Duration queued, Duration network, Duration spawned, Duration leader, Duration ready,
    OwnWork own) {

  /**
   * rtnl4j's own share of the start: checks, clean-up, namespace, links, addresses, routes, image,
   * the spawn call and the state file; not the waits for a thread, nspawn or the guest.
   */
  public Duration rtnl4jShare() {
    return own.total();
  }

  /** "network=1.2ms spawned=... leader=... ready=..." in milliseconds. */
  @Override
  public String toString() {
    return "rtnl4j=" + ms(rtnl4jShare()) + " network=" + ms(network) + " spawned=" + ms(spawned) + " leader=" + ms(leader) + " ready=" + ms(ready);
  }

  static String ms(Duration d) {
    return d == null ? "-" : String.format(java.util.Locale.ROOT, "%.1fms", d.toNanos() / 1e6);
  }
}
