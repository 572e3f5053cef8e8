package dev.rtnl4j.bench.workload;

/**
 * Runs a workload: optional untimed set-up, the timed part by one implementation, optional
 * clean-up; returns the result whose {@link WorkloadResult#line()} is the output line.
 */
public final class WorkloadDriver {
  private WorkloadDriver() {}

  /**
   * Runs {@code spec} with {@code impl}.
   *
   * @param setUp    create the namespaces (and W2's bridge) first, untimed
   * @param tearDown delete links, bridge and namespaces afterwards, untimed (also after a failure)
   */
  public static WorkloadResult run(WorkloadSpec spec, Implementation impl, boolean setUp, boolean tearDown)
      throws Exception {
    return run(spec, impl, setUp, tearDown, done -> { });
  }

  /** As {@link #run(WorkloadSpec, Implementation, boolean, boolean)}, reporting containers done to {@code progress}. */
  public static WorkloadResult run(WorkloadSpec spec, Implementation impl, boolean setUp, boolean tearDown,
      java.util.function.IntConsumer progress) throws Exception {
    if (setUp) {
      NamespaceSetup.setUp(spec);
    }
    try {
      long nanos = impl.run(spec, progress);
      return new WorkloadResult(spec.workload(), impl.name(), spec.containers(), nanos);
    } finally {
      if (tearDown) {
        NamespaceSetup.tearDown(spec);
      }
    }
  }
}
