package dev.rtnl4j.bench.workload;

import java.util.Locale;

/** The timing of one run, and its output line: {@code w1 impl=rtnl4j n=1000 total_ms=812.345 per_container_us=812.345}. */
public record WorkloadResult(Workload workload, String impl, int containers, long totalNanos) {
  /** Total milliseconds. */
  public double totalMillis() {
    return totalNanos / 1e6;
  }

  /** Microseconds per container. */
  public double perContainerMicros() {
    return totalNanos / 1e3 / containers;
  }

  /** The line workloads.md prescribes. */
  public String line() {
    return String.format(Locale.ROOT, "%s impl=%s n=%d total_ms=%.3f per_container_us=%.3f",
        workload.label(), impl, containers, totalMillis(), perContainerMicros());
  }
}
