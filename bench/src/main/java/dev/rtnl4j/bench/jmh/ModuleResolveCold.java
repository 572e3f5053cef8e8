package dev.rtnl4j.bench.jmh;

import dev.rtnl4j.kmod.KernelModules;
import dev.rtnl4j.kmod.ModuleSettings;
import dev.rtnl4j.kmod.ProbeOptions;
import java.lang.management.ManagementFactory;

/**
 * The cold figure beside {@link ModuleResolveBench}: a fresh JVM resolving {@code bridge} once.
 * Prints the plan, the time from main() to the plan, and the JVM's uptime at that moment.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.rtnl4j.bench.jmh.ModuleResolveCold [RELEASE]</pre>
 */
public final class ModuleResolveCold {
  private ModuleResolveCold() {}

  /** Resolves bridge once and reports the times. */
  public static void main(String[] args) {
    long t0 = System.nanoTime();
    String release = args.length > 0 ? args[0] : ModuleTrees.newest();
    String plan;
    try (KernelModules km = KernelModules.open(ModuleSettings.forRelease(release))) {
      plan = km.plan(km.lookup("bridge").get(0), null, ProbeOptions.showDepends()).showDepends();
    }
    long t1 = System.nanoTime();
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    System.out.print(plan);
    System.out.printf("main() to plan: %.2f ms; JVM uptime at plan: %d ms%n", (t1 - t0) / 1e6, uptime);
  }
}
