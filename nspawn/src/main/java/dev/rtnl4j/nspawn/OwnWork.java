package dev.rtnl4j.nspawn;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * rtnl4j's own work in one container's start, per {@link Phase}: the elapsed time and the CPU time
 * of the thread doing it, from the checks to the state file, leaving out every wait that is not
 * rtnl4j's (for a free thread in {@code startAll}, for nspawn's leader, for the guest's READY=1).
 * Process hand-offs inside a step (a socket opened on the namespace thread) count as that step's.
 * Work another thread does for the start meanwhile (the namespace made while the checks run), and
 * work done while nspawn starts that was over before nspawn reported, are not on that path: they
 * are kept apart, as {@link #alongside()}.
 *
 * <p>The runtime fills it in on the threads of one start, one after the other (never two at once);
 * once the start returns it is read-only.
 */
public final class OwnWork {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long[] elapsed = new long[Phase.values().length];
  private final long[] cpu = new long[Phase.values().length];
  private long alongside;
  private long alongsideCpu;
  private Phase current;
  private long startedAt;
  private long cpuAt;

  OwnWork() {}

  /** Ends the step in progress, if any, and starts timing {@code phase}. */
  void begin(Phase phase) {
    long now = System.nanoTime();
    long cpuNow = THREADS.getCurrentThreadCpuTime();
    close(now, cpuNow);
    current = phase;
    startedAt = now;
    cpuAt = cpuNow;
  }

  /** Ends the step in progress (what follows is a wait, or done). */
  void end() {
    close(System.nanoTime(), THREADS.getCurrentThreadCpuTime());
  }

  /**
   * Ends the step in progress as work alongside: it ran while the start waited for another party
   * (nspawn had not reported yet), so it cost the start nothing.
   */
  void endAlongside() {
    if (current != null) {
      alongside(System.nanoTime() - startedAt, Math.max(0, THREADS.getCurrentThreadCpuTime() - cpuAt));
      current = null;
    }
  }

  private void close(long now, long cpuNow) {
    if (current != null) {
      elapsed[current.ordinal()] += now - startedAt;
      cpu[current.ordinal()] += Math.max(0, cpuNow - cpuAt);
      current = null;
    }
  }

  /** Adds work another thread did for this start while its own steps ran (elapsed and CPU, nanoseconds). */
  void alongside(long elapsedNanos, long cpuNanos) {
    alongside += elapsedNanos;
    alongsideCpu += cpuNanos;
  }

  /**
   * Elapsed time of rtnl4j's work for this start off its path: on other threads alongside its own
   * steps, or while nspawn started (not in {@link #total()}).
   */
  public Duration alongside() {
    return Duration.ofNanos(alongside);
  }

  /** CPU time of that work on other threads. */
  public Duration alongsideCpu() {
    return Duration.ofNanos(alongsideCpu);
  }

  /** Elapsed time of all of rtnl4j's own steps together. */
  public Duration total() {
    return Duration.ofNanos(Arrays.stream(elapsed).sum());
  }

  /** CPU time of the threads doing rtnl4j's own steps (those threads only: not the namespace thread's hand-offs). */
  public Duration cpu() {
    return Duration.ofNanos(Arrays.stream(cpu).sum());
  }

  /** Elapsed time of each step that took place, in phase order. */
  public Map<Phase, Duration> byPhase() {
    return map(elapsed);
  }

  /** CPU time of each step that took place (the calling thread's), in phase order. */
  public Map<Phase, Duration> cpuByPhase() {
    return map(cpu);
  }

  private Map<Phase, Duration> map(long[] nanos) {
    Map<Phase, Duration> m = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      if (elapsed[p.ordinal()] > 0) {
        m.put(p, Duration.ofNanos(nanos[p.ordinal()]));
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /** "1.23ms cpu 0.80ms (check 0.05 cleanup 0.20 ...) alongside 0.90ms cpu 0.60ms" in milliseconds. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%.2fms cpu %.2fms (",
        total().toNanos() / 1e6, cpu().toNanos() / 1e6));
    String sep = "";
    for (Map.Entry<Phase, Duration> e : byPhase().entrySet()) {
      b.append(sep).append(e.getKey().name().toLowerCase(java.util.Locale.ROOT)).append(' ')
          .append(String.format(java.util.Locale.ROOT, "%.2f", e.getValue().toNanos() / 1e6));
      sep = " ";
    }
    b.append(')');
    if (alongside > 0) {
      b.append(String.format(java.util.Locale.ROOT, " alongside %.2fms cpu %.2fms", alongside / 1e6, alongsideCpu / 1e6));
    }
    return b.toString();
  }
}
