package dev.rtnl4j.nspawn;

import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.Spawn;
import dev.rtnl4j.sys.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts and stops systemd-nspawn containers described by {@link ContainerSpec}s, as NixOS's
 * containers.nix does, without a shell or {@code ip}: the network namespace and every link,
 * address and route are made over rtnetlink first, then {@code systemd-nspawn
 * --network-namespace-path=… --register=no --keep-unit} is started with {@code posix_spawn} and a
 * {@code NOTIFY_SOCKET} rtnl4j owns, so that the leader's start and READY=1 are timed separately.
 *
 * <p>A start that fails in any phase, or is not ready within the spec's timeoutStartSec, is
 * undone completely and throws {@link StartException} naming the phase. forwardPorts become an
 * nftables table of rtnl4j's own ({@code inet rtnl4j-NAME}, made over netlink, removed on stop)
 * in prepared mode, and nspawn's {@code --port} in compatible mode. Stop sends SIGRTMIN+4 to
 * the leader (containers.nix's preStop), waits, kills if needed, reaps nspawn and removes every
 * link, the namespace and the files rtnl4j made. State files under {@code STATE/containers/}
 * let another process find running containers ({@link #list()}, {@link #stop(String)}).
 *
 * <p>Thread-safe. Needs root (systemd-nspawn does).
 */
public final class ContainerRuntime implements AutoCloseable {
  /** Default state directory. */
  public static final Path DEFAULT_STATE_DIR = Path.of("/run/rtnl4j");
  /** Default time a stop waits after SIGRTMIN+4 before killing. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
  /** Default number of network namespaces a prepared-mode runtime keeps made ahead. */
  public static final int DEFAULT_SPARE_NAMESPACES = 2;
  /** How often a stop repeats SIGRTMIN+4 while waiting. */
  private static final long RESIGNAL_MS = 500;

  private final Path stateDir;
  private final Path nspawn;
  private final StartMode mode;
  private final NetworkBackend network;
  /** What configures a container after its leader started: {@link #network}, or {@code ip} processes in SEED mode. */
  private final NetworkBackend afterLeader;
  private final ModulePreloader modules;
  private final Images images;
  /** Namespaces kept made ahead (prepared mode), so that a start never waits for one. */
  private final int spareNamespaces;
  /** A notify socket made ahead, unbound, when spares are kept. */
  private final SpareNotifySocket spareNotify;
  /**
   * What a start no longer needs once READY came (its notify socket, its namespace's fd), closed
   * off its path: by the next start while that one's nspawn starts, by a stop, or by close.
   */
  private final Queue<Runnable> letGo = new ConcurrentLinkedQueue<>();
  private final Map<String, Boolean> reserved = new ConcurrentHashMap<>();
  private final Set<Integer> children = ConcurrentHashMap.newKeySet();
  /** The state directory's subdirectories exist (made by the first start; rtnl4j never removes them). */
  private volatile boolean stateDirsMade;

  private ContainerRuntime(Builder b) {
    this.stateDir = b.stateDir;
    this.nspawn = b.nspawn;
    this.mode = b.mode;
    this.network = Objects.requireNonNull(b.network, "network backend");
    this.afterLeader = mode == StartMode.SEED ? new IpCommandBackend() : network;
    this.modules = b.modules;
    this.images = new Images(stateDir);
    this.spareNamespaces = mode == StartMode.PREPARED ? b.spareNamespaces : 0;
    this.spareNotify = new SpareNotifySocket(spareNamespaces > 0);
    network.makeSpareNetns(spareNamespaces);
    spareNotify.topUp();
  }

  /** A builder with the defaults (/run/rtnl4j, /usr/bin/systemd-nspawn, prepared mode). */
  public static Builder builder() {
    return new Builder();
  }

  /** The start mode of this runtime. */
  public StartMode mode() {
    return mode;
  }

  /** The network operations a start of {@code spec} would carry out (for a dry run). */
  public NetworkPlan plan(ContainerSpec spec) {
    return mode == StartMode.PREPARED ? NetworkPlan.of(spec) : NetworkPlan.compatible(spec);
  }

  /**
   * The port forwards a start of {@code spec} would install as rtnl4j's own nftables table (for a
   * dry run), one line per forward and address family, e.g.
   * {@code "host: nft table inet rtnl4j-web: tcp 8080 -> 10.231.0.2:80"}; none in compatible and
   * seed mode, where systemd-nspawn's {@code --port} (in the argv) forwards them.
   */
  public List<String> portForwardPlan(ContainerSpec spec) {
    List<String> lines = new ArrayList<>();
    if (mode != StartMode.PREPARED) {
      return lines;
    }
    String table = "host: nft table inet " + portForwardTable(spec.name()) + ": ";
    for (PortForward p : spec.forwardPorts()) {
      for (IpPrefix to : new IpPrefix[] {spec.localAddress(), spec.localAddress6()}) {
        if (to != null) {
          lines.add(table + p.toForward().to(to.address()));
        }
      }
    }
    return lines;
  }

  /**
   * The systemd-nspawn argv a start of {@code spec} would use (for a dry run); the busybox image's
   * tree is named but not made.
   */
  public List<String> nspawnArgv(ContainerSpec spec) {
    ImageLayout layout;
    if (spec.image() instanceof Image.Busybox) {
      layout = new ImageLayout(images.busyboxRoot(), Images.busyboxArgs(Images.BUSYBOX, spec.ephemeral()), List.of(), false);
    } else {
      try {
        layout = images.layout(spec);
      } catch (IOException | IllegalStateException e) {
        layout = new ImageLayout(Path.of(spec.image().toString()), List.of(), List.of(), false);
      }
    }
    return NspawnCommand.argv(spec, layout, mode, nspawn);
  }

  /**
   * Starts one container and returns when it is ready (READY=1).
   *
   * @throws StartException when a phase fails or the timeout passes; everything is undone
   */
  public RunningContainer start(ContainerSpec spec) throws StartException {
    Prepared p = prepare(spec, System.nanoTime());
    return boot(p);
  }

  /**
   * Starts every container, at most {@code concurrency} booting at a time; network preparation
   * runs ahead on threads of its own (as many as CPUs, at most {@code concurrency}), so one
   * container's namespace never waits for another's boot.
   * Returns one outcome per spec, in order; failed starts are undone, the others stay up.
   */
  public List<StartOutcome> startAll(List<ContainerSpec> specs, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
    }
    Set<String> seen = new HashSet<>();
    Set<String> duplicate = new HashSet<>();
    for (ContainerSpec s : specs) {
      if (!seen.add(s.name())) {
        duplicate.add(s.name());
      }
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "rtnl4j-start-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    // As many preparing threads as CPUs (at most concurrency): measured at 50 containers 8 at a time
    // on 2 CPUs, one preparing thread held the eight boot slots back (prepared 1.23x compat's wall
    // time), eight queued on the CPU and the kernel (a six times longer share); two matched compat.
    int preparing = Math.min(Math.min(concurrency, Runtime.getRuntime().availableProcessors()), Math.max(1, specs.size()));
    ExecutorService prepare = Executors.newFixedThreadPool(preparing, tf);
    ExecutorService boot = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, specs.size())), tf);
    try {
      List<CompletableFuture<StartOutcome>> futures = new ArrayList<>();
      for (ContainerSpec s : specs) {
        long t0 = System.nanoTime();
        if (duplicate.contains(s.name())) {
          futures.add(CompletableFuture.completedFuture(new StartOutcome(s.name(), null,
              new StartException(s.name(), Phase.CHECK, "the name is given to more than one container", null, null))));
          continue;
        }
        CompletableFuture<StartOutcome> f = CompletableFuture
            .supplyAsync(() -> {
              try {
                return prepare(s, t0);
              } catch (StartException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            }, prepare)
            .thenApplyAsync(p -> {
              try {
                return new StartOutcome(s.name(), boot(p), null);
              } catch (StartException e) {
                return new StartOutcome(s.name(), null, e);
              }
            }, boot)
            .exceptionally(e -> new StartOutcome(s.name(), null, unwrap(s.name(), e)));
        futures.add(f);
      }
      return futures.stream().map(CompletableFuture::join).toList();
    } finally {
      prepare.shutdownNow();
      boot.shutdownNow();
    }
  }

  private static StartException unwrap(String name, Throwable e) {
    Throwable t = e;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof StartException se ? se : new StartException(name, Phase.CHECK, String.valueOf(t), null, t);
  }

  /** Everything done before nspawn runs, and how to undo it. */
  private final class Prepared {
    final ContainerSpec spec;
    final long t0;
    final Undo undo;
    final NetworkPlan plan;
    final OwnWork own;
    String portForwardTable;
    long prepareStarted;
    long networkReady;
    ImageLayout layout;
    NotifyChannel notify;
    /** The container's namespace as made ahead, until named and let go of (null when made otherwise). */
    NetworkBackend.FreshNetns fresh;
    /** Port-forward tables of earlier runs, removed while nspawn starts (prepared mode; see removeStale). */
    List<String> staleTables = List.of();

    Prepared(ContainerSpec spec, long t0, Undo undo, NetworkPlan plan, OwnWork own) {
      this.spec = spec;
      this.t0 = t0;
      this.undo = undo;
      this.plan = plan;
      this.own = own;
    }
  }

  private Prepared prepare(ContainerSpec spec, long t0) throws StartException {
    String name = spec.name();
    OwnWork own = new OwnWork();
    own.begin(Phase.CHECK);
    if (reserved.putIfAbsent(name, Boolean.TRUE) != null) {
      throw new StartException(name, Phase.CHECK, "a container of this name is being started or runs in this runtime", null, null);
    }
    long prepareStarted = System.nanoTime();
    Undo undo = new Undo();
    undo.push(() -> reserved.remove(name));
    NetworkPlan plan = plan(spec);
    Phase phase = Phase.CHECK;
    List<String> moduleProblems = List.of();
    NetworkBackend.FreshNetns fresh = null;
    try {
      if (mode == StartMode.PREPARED && spec.ownNetwork() && plan.ownsNetns()) {
        // made on a namespace thread while the checks, the clean-up and the modules below run
        fresh = network.beginNetns(spec.hasMainVeth());
        if (fresh != null) {
          undo.push(fresh::close);
        }
      }
      ContainerState old = readState(name);
      if (old != null && Processes.isNspawnOf(old.nspawnPid(), name)) {
        throw new StartException(name, Phase.CHECK, "already running (systemd-nspawn pid " + old.nspawnPid()
            + ", leader " + old.leaderPid() + ")", null, null);
      }
      check(spec, plan);
      phase = Phase.CLEANUP;
      own.begin(phase);
      List<String> staleTables = removeStale(spec, plan, old);
      phase = Phase.MODULES;
      own.begin(phase);
      moduleProblems = modules.preload(linkKinds(spec));
      // the image and the notify socket before the network: made while the namespace thread still
      // makes the container's namespace, they cost the start nothing
      phase = Phase.IMAGE;
      own.begin(phase);
      makeStateDirs();
      ImageLayout layout = images.layout(spec);
      undo.push(() -> images.remove(layout));
      phase = Phase.SPAWN;
      own.begin(phase);
      NotifyChannel channel = new NotifyChannel(spareNotify.take(), notifyPath(name));
      undo.push(channel::close);
      phase = Phase.NETWORK;
      own.begin(phase);
      if (mode == StartMode.PREPARED && spec.ownNetwork()) {
        Path netns = spec.netnsPath();
        if (plan.ownsNetns()) {
          undo.push(() -> network.deleteNetns(netns));
        }
        for (String moved : plan.movedInterfaces()) {
          undo.push(() -> network.moveToHost(netns, moved));
        }
        for (String link : plan.hostLinks()) {
          undo.push(() -> network.deleteLink(link));
        }
        network.apply(plan, netns, fresh);
        if (fresh != null) {
          own.alongside(fresh.elapsedNanos(), fresh.cpuNanos());
        }
      }
      String forwardTable = null;
      if (mode == StartMode.PREPARED && !spec.forwardPorts().isEmpty()) {
        // nspawn refuses --port= with --network-namespace-path=: the rules are rtnl4j's own, as nspawn's would be
        String table = portForwardTable(name);
        undo.push(() -> network.removePortForwards(table));
        network.applyPortForwards(table, spec.forwardPorts(), address(spec.localAddress()), address(spec.localAddress6()));
        forwardTable = table;
      }
      Prepared p = new Prepared(spec, t0, undo, plan, own);
      p.layout = layout;
      p.notify = channel;
      p.fresh = fresh;
      p.portForwardTable = forwardTable;
      p.staleTables = staleTables;
      p.prepareStarted = prepareStarted;
      p.networkReady = System.nanoTime();
      own.end();
      return p;
    } catch (StartException e) {
      undo.run();
      throw e;
    } catch (Exception e) {
      undo.run();
      String why = reason(e);
      if (phase == Phase.NETWORK && !moduleProblems.isEmpty()) {
        why += " (kernel modules: " + String.join("; ", moduleProblems) + ")";
      }
      throw new StartException(name, phase, why, null, e);
    }
  }

  /**
   * The nftables table (family inet) of {@code container}'s forwarded ports in prepared mode:
   * {@code rtnl4j-NAME} (at most 71 characters, well within nf_tables' 255).
   */
  static String portForwardTable(String container) {
    return "rtnl4j-" + container;
  }

  private static java.net.InetAddress address(IpPrefix p) {
    return p == null ? null : p.address();
  }

  /** The state directory's containers/ and notify/, made once per runtime. */
  private void makeStateDirs() throws java.io.IOException {
    if (!stateDirsMade) {
      Files.createDirectories(stateDir.resolve("containers"));
      Files.createDirectories(stateDir.resolve("notify"));
      stateDirsMade = true;
    }
  }

  private void check(ContainerSpec spec, NetworkPlan plan) throws Exception {
    String name = spec.name();
    if (!Files.isExecutable(nspawn)) {
      throw new StartException(name, Phase.CHECK, nspawn + " is missing (Debian package systemd-container)", null, null);
    }
    if (mode == StartMode.PREPARED && !spec.forwardPorts().isEmpty()
        && spec.localAddress() == null && spec.localAddress6() == null) {
      // nspawn's --port (COMPATIBLE) finds the container's address itself; rtnl4j's own rules need it
      throw new StartException(name, Phase.CHECK, "forwardPorts: needs localAddress or localAddress6 in the prepared"
          + " mode, where rtnl4j makes the rules (the container address the ports are forwarded to);"
          + " StartMode.COMPATIBLE leaves finding it to systemd-nspawn --port", null, null);
    }
    Set<String> bridges = new LinkedHashSet<>(plan.requiredBridges());
    if (spec.hostBridge() != null) {
      bridges.add(spec.hostBridge());
    }
    for (ExtraVeth v : spec.extraVeths()) {
      if (v.hostBridge() != null) {
        bridges.add(v.hostBridge());
      }
    }
    for (String b : bridges) {
      if (!network.isBridge(b)) {
        throw new StartException(name, Phase.CHECK, "hostBridge " + b + ": "
            + (network.linkExists(b) ? "the host interface is not a bridge" : "no such bridge on the host"), null, null);
      }
    }
    for (String m : spec.macvlans()) {
      if (!network.linkExists(m)) {
        throw new StartException(name, Phase.CHECK, "macvlans: no interface " + m + " on the host", null, null);
      }
    }
    for (String i : spec.interfaces()) {
      if (!network.linkExists(i)) {
        throw new StartException(name, Phase.CHECK, "interfaces: no interface " + i + " on the host", null, null);
      }
    }
    if (spec.ownNetwork() && !spec.ownsNetns() && !Files.exists(spec.netnsPath())) {
      throw new StartException(name, Phase.CHECK, "networkNamespace " + spec.netnsPath() + " does not exist", null, null);
    }
  }

  /**
   * containers.nix preStart: stale links of the same container, and rtnl4j's own leftovers,
   * including a systemd-nspawn (and its container) that a killed JVM started but never recorded.
   *
   * <p>In prepared mode, rtnl4j's port-forward table of an earlier run touches neither the links
   * nor the namespace this start makes: it is returned, for {@link #boot} to remove while nspawn
   * starts, and left out when this start forwards ports itself ({@code applyPortForwards} replaces
   * the table whole). The other modes remove it here.
   */
  private List<String> removeStale(ContainerSpec spec, NetworkPlan plan, ContainerState old) throws Exception {
    killUnrecorded(spec.name());
    List<String> links = new ArrayList<>(plan.hostLinks());
    if (spec.hasMainVeth()) {
      for (boolean bridged : new boolean[] {false, true}) {
        String l = InterfaceNames.shorten(InterfaceNames.hostVethFullName(spec.name(), bridged));
        if (!links.contains(l)) {
          links.add(l);
        }
      }
    }
    if (old != null) {
      for (String l : old.hostLinks()) {
        if (!links.contains(l)) {
          links.add(l);
        }
      }
    }
    network.deleteLinks(links);
    // a port-forward table a killed JVM made but never recorded, or an earlier run recorded
    Set<String> tables = new LinkedHashSet<>();
    if (mode == StartMode.PREPARED && spec.ownNetwork()) {
      tables.add(portForwardTable(spec.name()));
    }
    if (old != null && old.portForwardTable() != null) {
      tables.add(old.portForwardTable());
    }
    List<String> later = new ArrayList<>();
    for (String t : tables) {
      if (mode != StartMode.PREPARED) {
        network.removePortForwards(t);
      } else if (spec.forwardPorts().isEmpty() || !t.equals(portForwardTable(spec.name()))) {
        later.add(t);
      }
    }
    if (spec.ownNetwork() && spec.ownsNetns()) {
      network.deleteNetns(spec.netnsPath());
    }
    if (old != null && old.ownsNetns() && old.netnsPath() != null && !old.netnsPath().equals(spec.netnsPath())) {
      network.deleteNetns(old.netnsPath());
    }
    removeIfThere(statePath(spec.name()));
    removeIfThere(StateFile.partialOf(statePath(spec.name())));
    return later;
  }

  /** Removes {@code file} if it is there (one unlink, no exception for a file that is not); true if it was. */
  private static boolean removeIfThere(Path file) {
    int r = Syscalls.unlink(file.toString());
    if (r < 0 && r != -Errno.ENOENT) {
      throw new NativeException("remove " + file, r);
    }
    return r == 0;
  }

  /**
   * A JVM killed between spawning systemd-nspawn and writing the state file leaves a container
   * nobody records; its notify socket or log stays behind as the evidence. Such an nspawn is
   * found by its machine name and its NOTIFY_SOCKET (this state directory's), and killed with its
   * container, before the start goes on. The look for the evidence removes it (the old notify
   * socket and log are stale whatever is found).
   */
  private void killUnrecorded(String name) {
    boolean notifyThere = removeIfThere(notifyPath(name));
    boolean logThere = removeIfThere(logPath(name));
    if (!notifyThere && !logThere) {
      return;
    }
    for (int pid : Processes.nspawnsNotifying(name, notifyPath(name))) {
      kill(pid, 0, children.contains(pid), false);
    }
  }

  private static Set<String> linkKinds(ContainerSpec spec) {
    Set<String> kinds = new LinkedHashSet<>();
    if (spec.hasMainVeth() || !spec.extraVeths().isEmpty()) {
      kinds.add("veth");
    }
    boolean bridged = spec.hostBridge() != null;
    for (ExtraVeth v : spec.extraVeths()) {
      bridged |= v.hostBridge() != null;
    }
    if (bridged) {
      kinds.add("bridge");
    }
    if (!spec.macvlans().isEmpty()) {
      kinds.add("macvlan");
    }
    if (spec.enableTun()) {
      kinds.add("tun");
    }
    return kinds;
  }

  private RunningContainer boot(Prepared p) throws StartException {
    ContainerSpec spec = p.spec;
    String name = spec.name();
    Undo undo = p.undo;
    Phase phase = Phase.SPAWN;
    Path log = logPath(name);
    int pid = 0;
    OwnWork own = p.own;
    own.begin(phase);
    try {
      ImageLayout layout = p.layout;
      NotifyChannel channel = p.notify;
      String unnamed = p.fresh == null ? null : p.fresh.nspawnPath();
      List<String> argv = NspawnCommand.argv(spec, layout, mode, nspawn, unnamed);
      Map<String, String> env = new LinkedHashMap<>();
      env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
      env.put("NOTIFY_SOCKET", channel.address());
      env.put("SYSTEMD_LOG_LEVEL", "notice");
      // the stale clean-up removed an earlier log
      pid = Spawn.command(argv).environment(env).stdin(Path.of("/dev/null"))
          .stdout(log, true).stderr(log, true).newSession().start();
      long spawned = System.nanoTime();
      long startedAt = System.currentTimeMillis();
      children.add(pid);
      int nspawnPid = pid;
      undo.push(() -> kill(nspawnPid, channel.leaderPid(), true, channel.exitStatus() != null));
      channel.expectSender(pid);
      long deadline = p.t0 + spec.timeoutStart().toNanos();

      // While nspawn starts: the namespace's name (nspawn opens it by its fd), the state file but for
      // the leader's pid (compatible and seed mode name the namespace by it), an earlier run's
      // port-forward table, and the next start's namespace. Off the start's path when done before
      // nspawn reports.
      own.begin(Phase.RECORD);
      if (unnamed != null) {
        phase = Phase.NETWORK;
        p.fresh.name(spec.netnsPath());
      }
      phase = Phase.RECORD;
      StateFile record = null;
      if (mode == StartMode.PREPARED) {
        record = StateFile.prepare(statePath(name), state(p, nspawnPid, 0, startedAt));
        undo.push(record::close);
      }
      phase = Phase.CLEANUP;
      for (String table : p.staleTables) {
        network.removePortForwards(table);
      }
      phase = Phase.RECORD;
      network.makeSpareNetns(spareNamespaces);
      spareNotify.topUp();
      closeLetGo();
      if (channel.heardFrom()) {
        own.end();
      } else {
        own.endAlongside();
      }

      phase = Phase.LEADER;
      switch (channel.awaitLeader(deadline)) {
        case EXITED -> throw new StartException(name, phase, "systemd-nspawn exited (" + channel.exitStatus()
            + ") before the container's leader started", tail(log), null);
        case TIMED_OUT -> throw new StartException(name, phase, "no X_NSPAWN_LEADER_PID within timeoutStartSec ("
            + spec.timeoutStart() + ")", tail(log), null);
        case REACHED -> { }
      }
      long leader = System.nanoTime();
      int leaderPid = channel.leaderPid();

      if (mode != StartMode.PREPARED && spec.ownNetwork()) {
        phase = Phase.NETWORK_AFTER_LEADER;
        own.begin(phase);
        for (String link : p.plan.hostLinks()) {
          undo.push(() -> network.deleteLink(link));
        }
        afterLeader.apply(p.plan, Path.of("/proc/" + leaderPid + "/ns/net"));
      }

      phase = Phase.READY;
      own.end();
      switch (channel.awaitReady(deadline)) {
        case EXITED -> throw new StartException(name, phase, "systemd-nspawn exited (" + channel.exitStatus()
            + ") before READY=1", tail(log), null);
        case TIMED_OUT -> throw new StartException(name, phase, "no READY=1 within timeoutStartSec ("
            + spec.timeoutStart() + ")" + (channel.lastStatus().isEmpty() ? "" : "; last status: " + channel.lastStatus()),
            tail(log), null);
        case REACHED -> { }
      }
      long ready = System.nanoTime();
      phase = Phase.RECORD;
      own.begin(phase);
      letGo.add(channel::close);
      if (p.fresh != null) {
        letGo.add(p.fresh::close); // nspawn runs in the namespace: the fd that named it to nspawn can go
      }
      if (record == null) {
        record = StateFile.prepare(statePath(name), state(p, pid, leaderPid, startedAt));
        undo.push(record::close);
      }
      ContainerState state = record.complete(leaderPid);
      PhaseTimes times = new PhaseTimes(Duration.ofNanos(p.prepareStarted - p.t0), Duration.ofNanos(p.networkReady - p.t0), Duration.ofNanos(spawned - p.t0),
          Duration.ofNanos(leader - p.t0), Duration.ofNanos(ready - p.t0), own);
      own.end();
      return new RunningContainer(spec, state, p.plan, argv, times);
    } catch (StartException e) {
      undo.run();
      deleteQuietly(log);
      throw e;
    } catch (Exception e) {
      undo.run();
      String out = pid > 0 ? tail(log) : null;
      deleteQuietly(log);
      throw new StartException(name, phase, reason(e), out, e);
    }
  }

  /** What the state file records of a container started from {@code p}. */
  private ContainerState state(Prepared p, int nspawnPid, int leaderPid, long startedAtMillis) {
    ContainerSpec spec = p.spec;
    String netns = !spec.ownNetwork() ? null
        : mode == StartMode.PREPARED ? spec.netnsPath().toString() : "/proc/" + leaderPid + "/ns/net";
    return new ContainerState(spec.name(), mode, nspawnPid, leaderPid, netns,
        mode == StartMode.PREPARED && p.plan.ownsNetns(), p.plan.hostLinks(), p.plan.movedInterfaces(),
        p.plan.addresses(), p.layout.root().toString(), p.layout.owned(), logPath(spec.name()).toString(),
        startedAtMillis, p.portForwardTable);
  }

  /** Kills a container that is being undone: the leader (its whole pid namespace), then nspawn. */
  private void kill(int nspawnPid, int leaderPid, boolean ourChild, boolean reaped) {
    if (reaped) {
      children.remove(nspawnPid);
      return;
    }
    if (leaderPid > 0) {
      Processes.signal(leaderPid, Processes.SIGKILL);
      if (Processes.awaitExit(nspawnPid, ourChild, 5000)) {
        children.remove(nspawnPid);
        return;
      }
    }
    // Without a leader pid the container may be being cloned right now: stop the whole tree first
    // (a stopped process forks no more), until no new descendant appears, then kill it all. Killing
    // nspawn first would orphan a container init it had just cloned, to run on under pid 1.
    List<Integer> tree = Processes.stopTree(nspawnPid);
    Processes.signal(nspawnPid, Processes.SIGKILL);
    for (int d : tree) {
      Processes.signal(d, Processes.SIGKILL);
    }
    Processes.awaitExit(nspawnPid, ourChild, 5000);
    children.remove(nspawnPid);
  }

  /** Stops a container started by this runtime, waiting up to {@link #DEFAULT_STOP_TIMEOUT} after SIGRTMIN+4. */
  public StopReport stop(RunningContainer c) {
    return stop(c.state(), DEFAULT_STOP_TIMEOUT);
  }

  /**
   * Stops the container named {@code name} from its state file (also one started by another
   * process).
   *
   * @throws IllegalArgumentException when no state is recorded for {@code name}
   */
  public StopReport stop(String name) {
    ContainerState s = readState(name);
    if (s == null) {
      throw new IllegalArgumentException("container \"" + name + "\": not running (no state in " + statePath(name) + ")");
    }
    return stop(s, DEFAULT_STOP_TIMEOUT);
  }

  /**
   * How a stop went.
   *
   * @param name the container
   * @param poweredOff true when it stopped on SIGRTMIN+4 within the timeout, false when it was killed
   * @param took time the stop took
   * @param problems clean-up steps that failed (empty when everything was removed)
   */
  public record StopReport(String name, boolean poweredOff, Duration took, List<String> problems) {}

  /**
   * Stops a container: SIGRTMIN+4 to the leader, up to {@code timeout} for nspawn to end, then
   * SIGKILL; nspawn reaped; moved interfaces moved back; links, namespace, image tree and state
   * removed.
   */
  public StopReport stop(ContainerState s, Duration timeout) {
    long t0 = System.nanoTime();
    closeLetGo();
    String name = s.name();
    boolean ourChild = children.contains(s.nspawnPid());
    boolean nspawnAlive = ourChild ? childRunning(s.nspawnPid()) : Processes.isNspawnOf(s.nspawnPid(), name);
    boolean poweredOff = true;
    if (nspawnAlive) {
      // A signal that reaches a pid 1 before it installed its handler is dropped (the kernel
      // ignores default-action signals to a namespace's init), so it is sent again until the
      // container ends or the timeout passes.
      long deadline = System.nanoTime() + timeout.toNanos();
      boolean ended = false;
      while (!ended && System.nanoTime() < deadline) {
        if (!Processes.signal(s.leaderPid(), Processes.SIGRTMIN_PLUS_4)) {
          Processes.signal(s.nspawnPid(), Processes.SIGTERM);
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        ended = Processes.awaitExit(s.nspawnPid(), ourChild, Math.max(1, Math.min(RESIGNAL_MS, left)));
      }
      if (!ended) {
        poweredOff = false;
        kill(s.nspawnPid(), s.leaderPid(), ourChild, false);
      }
    }
    children.remove(s.nspawnPid());
    List<String> problems = new ArrayList<>();
    if (s.portForwardTable() != null) {
      attempt(problems, "delete nftables table inet " + s.portForwardTable(), () -> network.removePortForwards(s.portForwardTable()));
    }
    if (s.netnsPath() != null && s.mode() == StartMode.PREPARED) {
      for (String i : s.movedInterfaces()) {
        attempt(problems, "move " + i + " back to the host", () -> network.moveToHost(s.netnsPath(), i));
      }
    }
    for (String l : s.hostLinks()) {
      attempt(problems, "delete link " + l, () -> network.deleteLink(l));
    }
    if (s.ownsNetns() && s.netnsPath() != null) {
      attempt(problems, "delete netns " + s.netns(), () -> network.deleteNetns(s.netnsPath()));
    }
    if (s.imageOwned() && s.imageRoot() != null) {
      attempt(problems, "remove image " + s.imageRoot(),
          () -> images.remove(new ImageLayout(Path.of(s.imageRoot()), List.of(), List.of(), true)));
    }
    attempt(problems, "remove state", () -> {
      Files.deleteIfExists(notifyPath(name));
      Files.deleteIfExists(logPath(name));
      Files.deleteIfExists(statePath(name));
    });
    reserved.remove(name);
    return new StopReport(name, poweredOff, Duration.ofNanos(System.nanoTime() - t0), problems);
  }

  private static boolean childRunning(int pid) {
    try {
      return Spawn.tryWait(pid) == null;
    } catch (NativeException e) {
      return false;
    }
  }

  /** Stops several containers in parallel (at most {@code concurrency} at once). */
  public List<StopReport> stopAll(List<ContainerState> states, int concurrency) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, Math.max(1, states.size()))), r -> {
      Thread t = new Thread(r, "rtnl4j-stop");
      t.setDaemon(true);
      return t;
    });
    try {
      List<CompletableFuture<StopReport>> fs = states.stream()
          .map(s -> CompletableFuture.supplyAsync(() -> stop(s, DEFAULT_STOP_TIMEOUT), pool)).toList();
      return fs.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Containers recorded in the state directory whose systemd-nspawn still runs. */
  public List<ContainerState> list() {
    List<ContainerState> out = new ArrayList<>();
    Path dir = stateDir.resolve("containers");
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : ds) {
        String n = f.getFileName().toString();
        ContainerState s = readState(n.substring(0, n.length() - 5));
        if (s != null && Processes.isNspawnOf(s.nspawnPid(), s.name())) {
          out.add(s);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(java.util.Comparator.comparing(ContainerState::name));
    return out;
  }

  /** The recorded state of {@code name}, or null (also for an unreadable file). */
  public ContainerState readState(String name) {
    Path f = statePath(name);
    try {
      return Files.exists(f) ? ContainerState.fromJson(Files.readString(f)) : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private Path statePath(String name) {
    return stateDir.resolve("containers").resolve(name + ".json");
  }

  private Path logPath(String name) {
    return stateDir.resolve("containers").resolve(name + ".log");
  }

  private Path notifyPath(String name) {
    return stateDir.resolve("notify").resolve(name);
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void attempt(List<String> problems, String what, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      problems.add(what + ": " + reason(e));
    }
  }

  /** Undo actions, run last-in first-out; each runs even when an earlier one fails. */
  private static final class Undo {
    private final Deque<Step> steps = new ArrayDeque<>();

    void push(Step s) {
      steps.push(s);
    }

    void run() {
      while (!steps.isEmpty()) {
        try {
          steps.pop().run();
        } catch (Exception e) {
          // best effort: keep undoing the rest
        }
      }
    }
  }

  private static String reason(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static String tail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // nothing more to do
    }
  }

  /** Closes what earlier starts let go of after READY ({@link #letGo}). */
  private void closeLetGo() {
    for (Runnable close = letGo.poll(); close != null; close = letGo.poll()) {
      close.run();
    }
  }

  /** The host ends of the spare namespaces' veths, once made (for tests that compare links). */
  List<String> spareLinks() {
    return network.spareLinks();
  }

  /** The fds the spare namespaces and the spare notify socket hold, once made (for tests that compare open fds). */
  List<Integer> spareFds() {
    List<Integer> fds = new ArrayList<>(network.spareFds());
    int notify = spareNotify.fd();
    if (notify >= 0) {
      fds.add(notify);
    }
    return fds;
  }

  /** Closes the network backend and drops the spares; running containers keep running. */
  @Override
  public void close() {
    closeLetGo();
    spareNotify.close();
    network.close();
  }

  /** Builds a {@link ContainerRuntime}. */
  public static final class Builder {
    private Path stateDir = DEFAULT_STATE_DIR;
    private Path nspawn = NspawnCommand.NSPAWN;
    private StartMode mode = StartMode.PREPARED;
    private NetworkBackend network;
    private ModulePreloader modules;
    private int spareNamespaces = DEFAULT_SPARE_NAMESPACES;

    private Builder() {}

    /** Where state files, notify sockets, logs and busybox trees live (default /run/rtnl4j). */
    public Builder stateDir(Path dir) {
      this.stateDir = dir;
      return this;
    }

    /** The systemd-nspawn binary (default /usr/bin/systemd-nspawn). */
    public Builder nspawn(Path binary) {
      this.nspawn = binary;
      return this;
    }

    /** Prepared namespaces (default), containers.nix's own nspawn network options, or the seed's way with {@code ip}. */
    public Builder mode(StartMode mode) {
      this.mode = mode;
      return this;
    }

    /**
     * Loads kernel modules for link kinds before a start (default: {@link KmodModulePreloader#system()},
     * nothing on a kernel without module support).
     */
    public Builder modules(ModulePreloader modules) {
      this.modules = modules;
      return this;
    }

    /**
     * How many network namespaces a prepared-mode runtime keeps made ahead (default
     * {@value #DEFAULT_SPARE_NAMESPACES}; 0: each start makes its own). They are first made when
     * the runtime is built; a start takes one and has the next made while its nspawn starts, so it
     * never waits for the kernel to make a namespace.
     *
     * <p>A spare comes with its {@code lo} up and with the veth pair of a container's main veth,
     * both ends down: {@code eth0} inside, and a host end named {@code rtnl4jXXX-N} (visible to
     * {@code ip link}) that a start renames to {@code ve-NAME} and gives nspawn's MACs, which the
     * kernel does in about half the time of making the pair. A container without a main veth gets
     * a namespace made for it instead. Above 0, one notify socket is kept made ahead too, unbound
     * (a start binds it).
     *
     * <p>A short-lived process, or one that only stops containers, is better off with 0. Spares
     * are unnamed and held by fds alone: the runtime's close deletes their veths and drops them,
     * and its JVM's end drops them with their veths. A spare has the sysctl defaults of the time
     * it was made.
     *
     * @throws IllegalArgumentException for a negative count
     */
    public Builder spareNamespaces(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("spareNamespaces must be 0 or more, not " + count);
      }
      this.spareNamespaces = count;
      return this;
    }

    Builder network(NetworkBackend network) {
      this.network = network;
      return this;
    }

    /** The runtime. */
    public ContainerRuntime build() {
      if (network == null) {
        network = RtnlNetworkBackend.open();
      }
      if (modules == null) {
        modules = KmodModulePreloader.system();
      }
      return new ContainerRuntime(this);
    }
  }
}
