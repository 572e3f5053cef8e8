package dev.rtnl4j.cli;

import dev.rtnl4j.bench.workload.RtnlImplementation;
import dev.rtnl4j.bench.workload.Workload;
import dev.rtnl4j.bench.workload.WorkloadSpec;
import dev.rtnl4j.netns.NetNamespaces;
import dev.rtnl4j.nspawn.ContainerRuntime;
import dev.rtnl4j.nspawn.ContainerSpec;
import dev.rtnl4j.nspawn.ContainerState;
import dev.rtnl4j.nspawn.StartOutcome;
import dev.rtnl4j.proto.Request;
import dev.rtnl4j.rtnl.Bridge;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Links;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.Syscalls;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtnl4j soak --cycles N [--containers K] [--boot]}: repeats workload W1's set-up and
 * tear-down (and, with {@code --boot}, busybox container start/stop) N times in one JVM and shows
 * that nothing grows. It measures before, after a warm-up and at the end: open fds, native memory
 * (NMT when on, else RSS), Java heap after a full GC, threads, links, network namespaces, mounts
 * under /run/netns and child processes. Its last line is {@code soak cycles=N leaks=none} or
 * {@code soak cycles=N leaks=<what grew, by how much>}; exit status 1 on a leak.
 *
 * <p>Unless {@code --in-current-netns}, it first re-executes itself in a private network and
 * mount namespace ({@code unshare --net --mount --propagation private}, an argv array) with a
 * private tmpfs on /run/netns and native memory tracking on, so the host's interfaces are never
 * touched.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Repeat W1 set-up/tear-down (and busybox container start/stop) and report anything that leaks.")
final class SoakCommand implements Callable<Integer> {

  @Option(names = "--cycles", required = true, paramLabel = "N", description = "W1 set-up/tear-down cycles.")
  int cycles;

  @Option(names = "--containers", paramLabel = "K", defaultValue = "5",
      description = "Containers per W1 cycle (default: ${DEFAULT-VALUE}).")
  int containers;

  @Option(names = "--boot", description = "Also start and stop busybox containers through ContainerRuntime.")
  boolean boot;

  @Option(names = "--boot-cycles", paramLabel = "M",
      description = "Container start/stop cycles with --boot (default: the same as --cycles).")
  Integer bootCycles;

  @Option(names = "--boot-containers", paramLabel = "B", defaultValue = "1",
      description = "Containers started together per boot cycle (default: ${DEFAULT-VALUE}).")
  int bootContainers;

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "/run/rtnl4j-soak",
      description = "State directory of the soak's containers (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(names = "--in-current-netns",
      description = "Run in the current network namespace instead of a private one (the caller has sandboxed it).")
  boolean inCurrentNetns;

  /** Set by the re-execution: mount a private tmpfs on /run/netns first. */
  @Option(names = "--private-run-netns", hidden = true)
  boolean privateRunNetns;

  /** The sleep of an injected orphan; the soak finds and kills it when it ends. */
  private static final String ORPHAN_SLEEP = "86399";

  /**
   * Test-only: leave one bridge link ("link"), one open fd ("fd") or one orphaned process in a PID
   * namespace of its own, as a container init that outlived its nspawn ("container"), behind per
   * W1 cycle.
   */
  @Option(names = "--inject-leak", hidden = true)
  String injectLeak;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private static final String PREFIX = "sk";

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (cycles < 1 || containers < 1 || containers > 999 || bootContainers < 1 || bootContainers > 200
        || (bootCycles != null && bootCycles < 0)) {
      err.println("rtnl4j soak: --cycles must be at least 1, --containers 1..999, --boot-containers 1..200");
      return 2;
    }
    if (injectLeak != null && !List.of("link", "fd", "container").contains(injectLeak)) {
      err.println("rtnl4j soak: --inject-leak must be link, fd or container");
      return 2;
    }
    if (!inCurrentNetns) {
      return reexecInPrivateNamespace(err);
    }
    if (privateRunNetns) {
      mountPrivateRunNetns();
    }
    int bootN = boot ? (bootCycles == null ? cycles : bootCycles) : 0;
    SoakProbe probe = new SoakProbe();
    out.println("soak: " + probe.nativeMemoryNote());
    SoakProbe.Sample before = probe.sample();
    out.println("soak before: " + before);
    out.flush();

    WorkloadSpec w1 = new WorkloadSpec(Workload.W1, containers, PREFIX);
    int warmW1 = warmup(cycles);
    int warmBoot = warmup(bootN);
    List<Integer> leakedFds = new ArrayList<>();
    long t0 = System.nanoTime();
    SoakProbe.Sample warm = null;
    int every = Math.max(1, cycles / 10);
    try (ContainerRuntime runtime = bootN > 0 ? ContainerRuntime.builder().stateDir(stateDir).build() : null) {
      for (int c = 1; c <= cycles; c++) {
        w1Cycle(w1, c, leakedFds);
        if (c == warmW1 && bootN == 0) {
          warm = probe.sample();
          out.println("soak after warm-up (" + c + " W1 cycles): " + warm);
        } else if (c % every == 0) {
          out.printf(Locale.ROOT, "soak W1 %d/%d (%.1f s): %s%n", c, cycles, (System.nanoTime() - t0) / 1e9, probe.sample());
        }
        out.flush();
      }
      int everyBoot = Math.max(1, bootN / 10);
      for (int c = 1; c <= bootN; c++) {
        bootCycle(runtime, c);
        if (c == warmBoot) {
          warm = probe.sample();
          out.println("soak after warm-up (" + cycles + " W1, " + c + " container cycles): " + warm);
        } else if (c % everyBoot == 0) {
          out.printf(Locale.ROOT, "soak containers %d/%d (%.1f s): %s%n", c, bootN, (System.nanoTime() - t0) / 1e9,
              probe.sample());
        }
        out.flush();
      }
    } catch (Exception e) {
      err.println("rtnl4j soak: a cycle failed: " + e.getMessage());
      err.flush();
      return 1;
    }
    SoakProbe.Sample end = probe.sample();
    out.printf(Locale.ROOT, "soak end (%.1f s): %s%n", (System.nanoTime() - t0) / 1e9, end);
    List<String> leaks = probe.leaks(before, warm, end);
    String what = "cycles=" + cycles + (bootN > 0 ? " container_cycles=" + bootN : "");
    out.println("soak " + what + " leaks=" + (leaks.isEmpty() ? "none" : String.join(",", leaks)));
    out.flush();
    for (int fd : leakedFds) {
      Syscalls.close(fd);
    }
    if ("container".equals(injectLeak)) {
      List<ProcessHandle> orphans = ProcessHandle.allProcesses()
          .filter(p -> p.info().arguments().map(a -> a.length == 1 && a[0].equals(ORPHAN_SLEEP)).orElse(false))
          .toList();
      orphans.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle p : orphans) { // SIGKILL is sent, not done: wait until they are gone
        try {
          p.onExit().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          err.println("rtnl4j soak: injected process " + p.pid() + " did not end after SIGKILL: " + e);
        }
      }
    }
    return leaks.isEmpty() ? 0 : 1;
  }

  /** Cycles before the warm-up sample: a tenth, at least one. */
  private static int warmup(int n) {
    return n == 0 ? 0 : Math.max(1, n / 10);
  }

  private void w1Cycle(WorkloadSpec w1, int cycle, List<Integer> leakedFds) throws Exception {
    NetNamespaces netns = NetNamespaces.standard();
    List<String> made = new ArrayList<>();
    try {
      for (int i = 0; i < w1.containers(); i++) {
        netns.create(w1.namespace(i)).close();
        made.add(w1.namespace(i));
      }
      new RtnlImplementation().run(w1);
    } finally {
      try (Rtnl rtnl = Rtnl.open()) {
        List<Request> deletes = new ArrayList<>();
        for (Link l : rtnl.links().listByKind("veth")) {
          if (l.name().startsWith("ve-" + PREFIX)) {
            deletes.add(Links.deleteRequest(LinkRef.index(l.index())));
          }
        }
        rtnl.channel().batch(deletes).throwIfFailedOtherThan(dev.rtnl4j.sys.Errno.ENODEV);
        if ("link".equals(injectLeak)) {
          rtnl.links().create(LinkSpec.builder("leak" + cycle, Bridge.defaults()).build());
        }
      }
      for (String n : made) {
        netns.delete(n);
      }
    }
    if ("container".equals(injectLeak)) {
      // setsid -f: the process is not this JVM's child, as an init reparented after nspawn died
      Process p = new ProcessBuilder("setsid", "-f", "unshare", "--pid", "--fork", "sleep", ORPHAN_SLEEP)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("setsid -f unshare --pid --fork sleep failed");
      }
    }
    if ("fd".equals(injectLeak)) {
      int fd = Syscalls.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
      if (fd < 0) {
        throw new NativeException("open /dev/null", fd);
      }
      leakedFds.add(fd);
    }
  }

  private void bootCycle(ContainerRuntime runtime, int cycle) throws Exception {
    List<ContainerSpec> specs = new ArrayList<>();
    for (int i = 0; i < bootContainers; i++) {
      specs.add(ContainerSpec.builder("soak" + i).privateNetwork(true)
          .hostAddress("10.233." + i + ".1").localAddress("10.233." + i + ".2").timeoutStartSec("30s").build());
    }
    List<StartOutcome> outcomes = runtime.startAll(specs, 4);
    List<ContainerState> states = new ArrayList<>();
    String failure = null;
    for (StartOutcome o : outcomes) {
      if (o.started()) {
        states.add(o.container().state());
      } else if (failure == null) {
        failure = o.failure().getMessage();
      }
    }
    List<String> problems = new ArrayList<>();
    for (ContainerRuntime.StopReport r : runtime.stopAll(states, 4)) {
      problems.addAll(r.problems());
    }
    if (failure != null) {
      throw new IllegalStateException("container cycle " + cycle + ": " + failure);
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("container cycle " + cycle + ": stop: " + String.join("; ", problems));
    }
  }

  private static void mountPrivateRunNetns() {
    try {
      Files.createDirectories(NetNamespaces.DEFAULT_DIRECTORY);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    int r = Syscalls.mount("rtnl4j-soak", "/run/netns", "tmpfs", Syscalls.MS_NOSUID | Syscalls.MS_NODEV, "mode=0755");
    if (r < 0) {
      throw new NativeException("mount a private tmpfs on /run/netns", r);
    }
  }

  /**
   * Runs this same command again under {@code unshare --net --mount --propagation private} with
   * NMT on, and returns its exit status.
   */
  private int reexecInPrivateNamespace(PrintWriter err) throws Exception {
    List<String> argv = new ArrayList<>(List.of("unshare", "--net", "--mount", "--propagation", "private", "--"));
    argv.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
    argv.addAll(jvm);
    if (jvm.stream().noneMatch(a -> a.startsWith("-XX:NativeMemoryTracking"))) {
      argv.add("-XX:NativeMemoryTracking=summary");
    }
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    argv.addAll(spec.root().commandLine().getParseResult().originalArgs());
    argv.add("--in-current-netns");
    argv.add("--private-run-netns");
    err.flush();
    Process p = new ProcessBuilder(argv).inheritIO().start();
    return p.waitFor();
  }
}
