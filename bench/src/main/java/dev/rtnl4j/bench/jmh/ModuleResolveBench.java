package dev.rtnl4j.bench.jmh;

import dev.rtnl4j.kmod.KernelModules;
import dev.rtnl4j.kmod.ModprobeConfig;
import dev.rtnl4j.kmod.ModuleSettings;
import dev.rtnl4j.kmod.ProbeOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code modprobe --show-depends bridge} costs in-process: opening a module directory (its
 * indexes memory-mapped) and resolving {@code bridge} to its plan ({@code llc}, {@code stp},
 * {@code bridge}), with and without reading the modprobe.d configuration, and in an open context.
 * Against: kmod's {@code modprobe --show-depends bridge} as a process (see {@link ModuleResolveCold}
 * for the cold, fresh-JVM figure).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar ModuleResolve -f 1 -wi 3 -i 5 -w 1 -r 1</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class ModuleResolveBench {
  /**
   * A kernel release with a module tree under /lib/modules (Debian's, installed by
   * linux-image-amd64); "newest" is the most recently installed one.
   */
  @Param(ModuleTrees.NEWEST)
  public String release;

  private ModuleSettings settings;
  private ModprobeConfig config;
  private KernelModules open;

  @Setup
  public void setup() {
    settings = ModuleSettings.forRelease(ModuleTrees.resolve(release));
    config = ModprobeConfig.load(settings.configPaths(), settings.moduleDirectory(), settings.kernelCommandLine());
    open = KernelModules.open(settings, config, m -> { });
  }

  @TearDown
  public void tearDown() {
    open.close();
  }

  /** Open the indexes (configuration already read) and resolve bridge to its plan. */
  @Benchmark
  public String openIndexesAndResolveBridge() {
    try (KernelModules km = KernelModules.open(settings, config, m -> { })) {
      return km.plan(km.lookup("bridge").get(0), null, ProbeOptions.showDepends()).showDepends();
    }
  }

  /** What a modprobe run does: read modprobe.d and the command line, open, resolve. */
  @Benchmark
  public String readConfigOpenIndexesAndResolveBridge() {
    try (KernelModules km = KernelModules.open(settings)) {
      return km.plan(km.lookup("bridge").get(0), null, ProbeOptions.showDepends()).showDepends();
    }
  }

  /** Resolve bridge in a context that stays open (a long-running engine). */
  @Benchmark
  public String resolveBridgeInAnOpenContext() {
    return open.plan(open.lookup("bridge").get(0), null, ProbeOptions.showDepends()).showDepends();
  }

  /** Resolve an alias through modules.alias.bin's wildcard search. */
  @Benchmark
  public String resolveAliasRtnlLinkDummyInAnOpenContext() {
    return open.plan(open.lookup("rtnl-link-dummy").get(0), null, ProbeOptions.showDepends()).showDepends();
  }
}
