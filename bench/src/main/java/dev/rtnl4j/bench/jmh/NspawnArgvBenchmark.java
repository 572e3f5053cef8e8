package dev.rtnl4j.bench.jmh;

import dev.rtnl4j.nspawn.ContainerRuntime;
import dev.rtnl4j.nspawn.ContainerSpec;
import dev.rtnl4j.nspawn.Image;
import dev.rtnl4j.nspawn.NetworkPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * From a container's description to what is run: building and checking a {@link ContainerSpec}
 * (containers.nix options, W1-style network, a bind mount, a capability), the network plan it
 * needs, and the systemd-nspawn argv. Nothing is started.
 *
 * <pre>bin/rtnl4j jmh NspawnArgv -f 1 -wi 3 -i 5 -prof gc</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class NspawnArgvBenchmark {
  private ContainerRuntime runtime;
  private ContainerSpec spec;
  private Path stateDir;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    stateDir = Files.createTempDirectory("rtnl4j-jmh-");
    runtime = ContainerRuntime.builder().stateDir(stateDir).build();
    spec = build(7);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    runtime.close();
    Files.deleteIfExists(stateDir);
  }

  static ContainerSpec build(int i) {
    return ContainerSpec.builder("web" + i).image(new Image.Host()).privateNetwork(true)
        .hostAddress("10.231.0." + i).localAddress("10.232.0." + i)
        .bindMount("/srv/data", "/var/lib/web" + i, false).capability("CAP_NET_ADMIN")
        .timeoutStartSec("30s").build();
  }

  /** ContainerSpec built and checked (every containers.nix rule). */
  @Benchmark
  public ContainerSpec specBuild() {
    return build(7);
  }

  /** The network plan of a checked spec (netns, veth, addresses, routes). */
  @Benchmark
  public NetworkPlan networkPlan() {
    return runtime.plan(spec);
  }

  /** The systemd-nspawn argv of a checked spec. */
  @Benchmark
  public List<String> nspawnArgv() {
    return runtime.nspawnArgv(spec);
  }

  /** All three: a description in, the argv out. */
  @Benchmark
  public List<String> specToArgv() {
    ContainerSpec s = build(9);
    runtime.plan(s);
    return runtime.nspawnArgv(s);
  }
}
