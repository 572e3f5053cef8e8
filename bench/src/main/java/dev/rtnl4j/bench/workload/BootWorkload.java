package dev.rtnl4j.bench.workload;

import dev.rtnl4j.netns.NetNamespaces;
import dev.rtnl4j.nspawn.ContainerRuntime;
import dev.rtnl4j.nspawn.NetworkPlan;
import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.nspawn.ContainerSpec;
import dev.rtnl4j.nspawn.ContainerState;
import dev.rtnl4j.nspawn.PhaseTimes;
import dev.rtnl4j.nspawn.RunningContainer;
import dev.rtnl4j.nspawn.StartException;
import dev.rtnl4j.nspawn.StartOutcome;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Workload B1: boots K containers with systemd-nspawn, C at a time, through
 * {@link ContainerRuntime#startAll} (or one {@link ContainerRuntime#start} after another), records
 * each one's phase times, then stops them all and removes everything it made. {@link #abort()}
 * (from a shutdown hook) stops whatever is running and kills what is still starting, so an
 * interrupted run leaves nothing behind.
 */
public final class BootWorkload implements AutoCloseable {
  /** A container not ready after this long fails (and is undone). */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final BootSpec spec;
  private final Path stateDir;
  private final ContainerRuntime runtime;
  private final AtomicBoolean aborted = new AtomicBoolean();
  private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
  private volatile boolean running;

  /**
   * A run of {@code spec} keeping its state (notify sockets, logs, busybox trees) under
   * {@code stateDir}, which it creates and, on {@link #close()}, removes.
   */
  public BootWorkload(BootSpec spec, Path stateDir) {
    this.spec = spec;
    this.stateDir = stateDir;
    this.runtime = ContainerRuntime.builder().stateDir(stateDir).mode(spec.mode()).build();
  }

  /** Container {@code i}'s spec: W1's addresses, the run's image, a private network. */
  ContainerSpec containerSpec(int i) {
    return ContainerSpec.builder(spec.name(i)).image(spec.image()).privateNetwork(true)
        .hostAddress(WorkloadSpec.hip(i)).localAddress(WorkloadSpec.lip(i)).timeoutStart(START_TIMEOUT).build();
  }

  /**
   * Boots every container, then stops them all.
   *
   * @param progress told how many containers are ready (or failed) so far, from another thread
   */
  public BootResult run(IntConsumer progress) throws InterruptedException {
    running = true;
    try {
      return boot(progress);
    } finally {
      finished.countDown();
    }
  }

  private BootResult boot(IntConsumer progress) {
    List<ContainerSpec> specs = new ArrayList<>();
    for (int i = 0; i < spec.containers(); i++) {
      specs.add(containerSpec(i));
    }
    Thread watcher = new Thread(() -> watch(progress), "rtnl4j-b1-progress");
    watcher.setDaemon(true);
    watcher.start();
    long epoch = System.currentTimeMillis();
    long t0 = System.nanoTime();
    List<StartOutcome> outcomes;
    long wall;
    try {
      outcomes = spec.serial() ? startOneByOne(specs) : runtime.startAll(specs, spec.concurrency());
      wall = System.nanoTime() - t0;
    } finally {
      watcher.interrupt();
    }
    List<BootSample> samples = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      StartOutcome o = outcomes.get(i);
      if (o.started()) {
        PhaseTimes t = o.container().times();
        boolean prepared = spec.mode() == dev.rtnl4j.nspawn.StartMode.PREPARED;
        samples.add(new BootSample(i, o.name(), null, t.queued().toNanos(), prepared ? t.network().toNanos() : -1,
            t.spawned().toNanos(), t.leader().toNanos(), t.ready().toNanos(), t.own().total().toNanos(),
            t.own().cpu().toNanos(), t.own().alongside().toNanos(), t.own().alongsideCpu().toNanos(),
            steps(t.own().byPhase()), steps(t.own().cpuByPhase())));
      } else {
        samples.add(new BootSample(i, o.name(), o.failure().getMessage(), -1, -1, -1, -1, -1, -1, -1, -1, -1,
            java.util.Map.of(), java.util.Map.of()));
      }
    }
    progress.accept(spec.containers());
    List<String> problems = stopAll(outcomes.stream().filter(StartOutcome::started).map(StartOutcome::container).toList());
    return new BootResult(spec, epoch, wall, samples, problems);
  }

  /** Each container started and ready before the next start begins. */
  private List<StartOutcome> startOneByOne(List<ContainerSpec> specs) {
    List<StartOutcome> outcomes = new ArrayList<>();
    for (ContainerSpec s : specs) {
      try {
        outcomes.add(new StartOutcome(s.name(), runtime.start(s), null));
      } catch (StartException e) {
        outcomes.add(new StartOutcome(s.name(), null, e));
      }
    }
    return outcomes;
  }

  private static java.util.Map<dev.rtnl4j.nspawn.Phase, Long> steps(java.util.Map<dev.rtnl4j.nspawn.Phase, Duration> own) {
    java.util.Map<dev.rtnl4j.nspawn.Phase, Long> m = new java.util.EnumMap<>(dev.rtnl4j.nspawn.Phase.class);
    own.forEach((p, d) -> m.put(p, d.toNanos()));
    return m;
  }

  private void watch(IntConsumer progress) {
    Path dir = stateDir.resolve("containers");
    try {
      while (!Thread.currentThread().isInterrupted()) {
        int n = 0;
        if (Files.isDirectory(dir)) {
          try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path ignored : ds) {
              n++;
            }
          } catch (IOException e) {
            // a file went while listing: count again next time
          }
        }
        progress.accept(n);
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      // done
    }
  }

  private List<String> stopAll(List<RunningContainer> running) {
    List<String> problems = new ArrayList<>();
    for (ContainerRuntime.StopReport r : runtime.stopAll(running.stream().map(RunningContainer::state).toList(),
        spec.concurrency())) {
      for (String p : r.problems()) {
        problems.add(r.name() + ": " + p);
      }
    }
    return problems;
  }

  /**
   * Stops every container this run has recorded and kills every process it started that still
   * runs (containers still starting). Safe to call from a shutdown hook, more than once.
   */
  public void abort() {
    if (!aborted.compareAndSet(false, true)) {
      return;
    }
    List<ContainerState> states = runtime.list();
    try {
      runtime.stopAll(states, Math.max(4, spec.concurrency()));
    } catch (RuntimeException e) {
      // keep going: kill whatever is left
    }
    // The run goes on booting what it prepared: every nspawn it spawns is killed until it has seen
    // them all fail and stopped the rest itself (bounded: a shutdown hook must end).
    long deadline = System.nanoTime() + 30_000_000_000L;
    try {
      do {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
      } while (running && !finished.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)
          && System.nanoTime() < deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    // Containers prepared ahead of their boot have a namespace and links but no state file yet;
    // a preparation still running may make one more: two passes.
    for (int pass = 0; pass < 2; pass++) {
      removeNetworks();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Deletes the host links and the namespaces of every container of the run that still has them. */
  private void removeNetworks() {
    try (Rtnl rtnl = Rtnl.open()) {
      for (int i = 0; i < spec.containers(); i++) {
        NetworkPlan plan = runtime.plan(containerSpec(i));
        for (String link : plan.hostLinks()) {
          try {
            rtnl.links().delete(LinkRef.name(link));
          } catch (KernelException e) {
            // ENODEV: not made, or gone with its namespace
          }
        }
        if (plan.ownsNetns() && plan.netns() != null && Files.exists(plan.netns())) {
          try {
            NetNamespaces.in(plan.netns().getParent()).delete(plan.netns().getFileName().toString());
          } catch (RuntimeException e) {
            // busy or gone: nothing more to do from a shutdown hook
          }
        }
      }
    } catch (RuntimeException e) {
      // no rtnetlink socket: nothing more to do from a shutdown hook
    }
  }

  /** Closes the runtime and removes the state directory. */
  @Override
  public void close() {
    runtime.close();
    deleteTree(stateDir);
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: a busy file stays
    }
  }
}
