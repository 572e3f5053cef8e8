package dev.rtnl4j.nspawn;

import java.time.Duration;

/**
 * A container this runtime started and that reported ready: its spec, processes, network and the
 * times of each start phase. Stop it with {@link ContainerRuntime#stop(RunningContainer)}.
 *
 * @param spec what was started
 * @param state what rtnl4j recorded (pids, namespace, links, addresses), also in the state directory
 * @param plan the network operations carried out
 * @param nspawnArgv the systemd-nspawn command line (a namespace made for the container is given as
 *     {@code /proc/PID/fd/N} of this JVM, and named at its path while nspawn started)
 * @param times when each phase ended, from the start request
 */
public record RunningContainer(ContainerSpec spec, ContainerState state, NetworkPlan plan,
    java.util.List<String> nspawnArgv, PhaseTimes times) {

  /** The container's name. */
  public String name() {
    return spec.name();
  }

  /** The container's pid 1 (in this pid namespace). */
  public int leaderPid() {
    return state.leaderPid();
  }

  /** systemd-nspawn's pid. */
  public int nspawnPid() {
    return state.nspawnPid();
  }

  /** Time from the start request to READY=1. */
  public Duration readyAfter() {
    return times.ready();
  }
}
