package dev.rtnl4j.bench.workload;

/**
 * One container of a B1 run: when each phase ended, in nanoseconds from the run's launch request
 * (-1 for a phase not reached or not measured; compatible mode has no separate {@code netns}
 * time, its network is made between {@code spawned} and {@code ready}).
 *
 * @param index container number
 * @param name container name
 * @param failure why the start failed, or null
 * @param queued preparation began (after waiting for the preparation thread)
 * @param netns network namespace configured (prepared mode)
 * @param exec systemd-nspawn spawned (posix_spawn returned)
 * @param spawned {@code X_NSPAWN_LEADER_PID} received
 * @param ready {@code READY=1} received
 * @param own rtnl4j's own share of the start, elapsed ({@link dev.rtnl4j.nspawn.OwnWork#total()})
 * @param ownCpu the CPU time of that share
 * @param alongside rtnl4j's work for the start on other threads meanwhile, elapsed, not in the share
 *     ({@link dev.rtnl4j.nspawn.OwnWork#alongside()})
 * @param alongsideCpu the CPU time of that work
 * @param ownSteps the share per step (nanoseconds), empty for a failed start
 * @param ownStepsCpu the CPU time per step (nanoseconds), empty for a failed start
 */
public record BootSample(int index, String name, String failure, long queued, long netns, long exec, long spawned,
    long ready, long own, long ownCpu, long alongside, long alongsideCpu,
    java.util.Map<dev.rtnl4j.nspawn.Phase, Long> ownSteps, java.util.Map<dev.rtnl4j.nspawn.Phase, Long> ownStepsCpu) {
  /** Copies the steps. */
  public BootSample {
    ownSteps = java.util.Map.copyOf(ownSteps);
    ownStepsCpu = java.util.Map.copyOf(ownStepsCpu);
  }

  /** True when the container reached READY=1. */
  public boolean started() {
    return failure == null;
  }

  /** The time of {@code phase}, in nanoseconds, or -1. */
  public long at(BootPhase phase) {
    return switch (phase) {
      case NETNS -> netns;
      case SPAWNED -> spawned;
      case READY -> ready;
    };
  }
}
