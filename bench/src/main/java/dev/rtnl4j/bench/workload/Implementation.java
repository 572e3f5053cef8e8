package dev.rtnl4j.bench.workload;

/**
 * One way of carrying out a workload ({@code rtnl4j}, {@code ip}, {@code ip-batch}, and the baselines
 * {@code libmnl} and {@code go-netlink}). {@link #run}
 * does the timed part only (namespaces, and W2's bridge, exist already) and returns the elapsed
 * nanoseconds; it throws when any operation failed.
 */
public interface Implementation {
  /** The name printed as {@code impl=}. */
  String name();

  /** Runs the timed part of {@code spec}; returns nanoseconds from the first operation to the last acknowledgement. */
  long run(WorkloadSpec spec) throws Exception;

  /**
   * As {@link #run(WorkloadSpec)}, telling {@code progress} how many containers are done as it
   * goes (for a progress bar; implementations that are fast report once, at the end). The call
   * must be cheap: it happens inside the timed part.
   */
  default long run(WorkloadSpec spec, java.util.function.IntConsumer progress) throws Exception {
    long nanos = run(spec);
    progress.accept(spec.containers());
    return nanos;
  }

  /** The implementation called {@code name}; throws {@link IllegalArgumentException} for an unknown one. */
  static Implementation named(String name) {
    return switch (name) {
      case "rtnl4j" -> new RtnlImplementation();
      case "ip" -> new IpImplementation(false);
      case "ip-batch" -> new IpImplementation(true);
      case "libmnl" -> BaselineImplementation.libmnl();
      case "go-netlink" -> BaselineImplementation.goNetlink();
      default -> throw new IllegalArgumentException(
          "--impl must be rtnl4j, ip, ip-batch, libmnl or go-netlink, not '" + name + "'");
    };
  }
}
