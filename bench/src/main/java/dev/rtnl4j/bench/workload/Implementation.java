package dev.rtnl4j.bench.workload;

/**
 * One way of carrying out a workload ({@code rtnl4j}, {@code ip}, {@code ip-batch}). {@link #run}
 * does the timed part only (namespaces, and W2's bridge, exist already) and returns the elapsed
 * nanoseconds; it throws when any operation failed.
 */
public interface Implementation {
  /** The name printed as {@code impl=}. */
  String name();

  /** Runs the timed part of {@code spec}; returns nanoseconds from the first operation to the last acknowledgement. */
  long run(WorkloadSpec spec) throws Exception;

  /** The implementation called {@code name}; throws {@link IllegalArgumentException} for an unknown one. */
  static Implementation named(String name) {
    return switch (name) {
      case "rtnl4j" -> new RtnlImplementation();
      case "ip" -> new IpImplementation(false);
      case "ip-batch" -> new IpImplementation(true);
      default -> throw new IllegalArgumentException("--impl must be rtnl4j, ip or ip-batch, not '" + name + "'");
    };
  }
}
