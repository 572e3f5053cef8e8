package dev.rtnl4j.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a B1 run: every container's phase times, the wall time for all K, and what the
 * clean-up could not remove.
 *
 * @param spec the run
 * @param startedAtEpochMillis wall-clock time of the launch request
 * @param wallNanos from the launch request to the last container ready (or failed)
 * @param samples one per container, in order
 * @param cleanupProblems clean-up steps that failed (empty when everything was removed)
 */
public record BootResult(BootSpec spec, long startedAtEpochMillis, long wallNanos, List<BootSample> samples,
    List<String> cleanupProblems) {
  /** Copies the lists. */
  public BootResult {
    samples = List.copyOf(samples);
    cleanupProblems = List.copyOf(cleanupProblems);
  }

  /** The statistics of {@code phase} over the containers that started. */
  public PhaseStats stats(BootPhase phase) {
    return PhaseStats.of(phase, samples.stream().filter(BootSample::started).mapToLong(s -> s.at(phase)).toArray());
  }

  /** The statistics of every phase, in order. */
  public List<PhaseStats> stats() {
    List<PhaseStats> out = new ArrayList<>();
    for (BootPhase p : BootPhase.values()) {
      out.add(stats(p));
    }
    return out;
  }

  /** The containers that failed. */
  public List<BootSample> failures() {
    return samples.stream().filter(s -> !s.started()).toList();
  }

  /** Wall time in milliseconds. */
  public double wallMillis() {
    return wallNanos / 1e6;
  }

  /** rtnl4j's own share of each started container's start, in container order, in milliseconds. */
  public double[] shareMillis() {
    return samples.stream().filter(BootSample::started).mapToDouble(s -> s.own() / 1e6).toArray();
  }

  /**
   * {@code rtnl4j_share_ms p50=… p90=… max=… first=… cpu_p50=… alongside_p50=… alongside_cpu_p50=…}:
   * rtnl4j's own share of a start (elapsed; {@code first} is container 0's, the run's coldest;
   * {@code cpu_p50} the CPU time's median), and the medians of its work on other threads alongside
   * the share (the namespace made while the checks run), elapsed and CPU, which the share leaves out.
   */
  public String shareLine() {
    double[] own = shareMillis();
    if (own.length == 0) {
      return "rtnl4j_share_ms (no container started)";
    }
    double[] sorted = own.clone();
    java.util.Arrays.sort(sorted);
    double[] cpu = samples.stream().filter(BootSample::started).mapToDouble(s -> s.ownCpu() / 1e6).sorted().toArray();
    return String.format(Locale.ROOT,
        "rtnl4j_share_ms p50=%.2f p90=%.2f max=%.2f first=%.2f cpu_p50=%.2f alongside_p50=%.2f alongside_cpu_p50=%.2f",
        PhaseStats.rank(sorted, 50), PhaseStats.rank(sorted, 90), sorted[sorted.length - 1], own[0],
        PhaseStats.rank(cpu, 50), median(BootSample::alongside), median(BootSample::alongsideCpu));
  }

  private double median(java.util.function.ToLongFunction<BootSample> f) {
    return PhaseStats.rank(samples.stream().filter(BootSample::started).mapToDouble(s -> f.applyAsLong(s) / 1e6)
        .sorted().toArray(), 50);
  }

  /**
   * {@code rtnl4j_share_steps_ms p50 elapsed/cpu: check=0.120/0.080 cleanup=… …}: the median of each
   * step of the share, elapsed and CPU time of the thread doing it.
   */
  public String shareStepsLine() {
    StringBuilder b = new StringBuilder("rtnl4j_share_steps_ms p50 elapsed/cpu:");
    for (dev.rtnl4j.nspawn.Phase p : dev.rtnl4j.nspawn.Phase.values()) {
      double[] v = stepMillis(p, false);
      if (v.length > 0) {
        double[] c = stepMillis(p, true);
        b.append(String.format(Locale.ROOT, " %s=%.3f/%.3f", p.name().toLowerCase(Locale.ROOT), PhaseStats.rank(v, 50),
            PhaseStats.rank(c, 50)));
      }
    }
    return b.toString();
  }

  private double[] stepMillis(dev.rtnl4j.nspawn.Phase p, boolean cpu) {
    return samples.stream().filter(BootSample::started)
        .mapToDouble(s -> (cpu ? s.ownStepsCpu() : s.ownSteps()).getOrDefault(p, -1L) / 1e6).filter(x -> x >= 0)
        .sorted().toArray();
  }

  /** The summary line: {@code b1 image=busybox mode=prepared k=10 c=4 started=10 wall_ms=812.3 ready_p50_ms=...}. */
  public String line() {
    PhaseStats r = stats(BootPhase.READY);
    return String.format(Locale.ROOT, "b1 image=%s mode=%s k=%d c=%d started=%d wall_ms=%.1f ready_p50_ms=%.1f ready_max_ms=%.1f",
        spec.image(), spec.modeLabel(), spec.containers(), spec.concurrency(), samples.size() - failures().size(),
        wallMillis(), r.p50(), r.max());
  }
}
