package dev.rtnl4j.bench.workload;

import java.util.Arrays;
import java.util.Locale;

/**
 * p50, p90, p99 and max of one phase over the containers that reached it, in milliseconds
 * (nearest-rank percentiles: p99 of ten values is their maximum).
 *
 * @param phase the phase
 * @param count how many containers it is computed over (0: no values, every figure NaN)
 */
public record PhaseStats(BootPhase phase, int count, double p50, double p90, double p99, double max) {

  /** The statistics of {@code nanos} (negative values, "not measured", are left out). */
  public static PhaseStats of(BootPhase phase, long[] nanos) {
    double[] ms = Arrays.stream(nanos).filter(n -> n >= 0).mapToDouble(n -> n / 1e6).sorted().toArray();
    if (ms.length == 0) {
      return new PhaseStats(phase, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new PhaseStats(phase, ms.length, rank(ms, 50), rank(ms, 90), rank(ms, 99), ms[ms.length - 1]);
  }

  /** The nearest-rank percentile {@code p} of sorted {@code values}. */
  public static double rank(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** "netns    p50 1.2 ms  p90 ...". */
  public String line() {
    if (count == 0) {
      return String.format(Locale.ROOT, "%-8s (not measured in this mode)", phase.label());
    }
    return String.format(Locale.ROOT, "%-8s p50 %8.1f ms  p90 %8.1f ms  p99 %8.1f ms  max %8.1f ms",
        phase.label(), p50, p90, p99, max);
  }
}
