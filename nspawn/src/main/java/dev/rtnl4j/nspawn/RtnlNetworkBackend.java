package dev.rtnl4j.nspawn;

import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.netns.NetNamespaces;
import dev.rtnl4j.nft.Forward;
import dev.rtnl4j.nft.PortForwards;
import dev.rtnl4j.proto.BatchResult;
import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.proto.Request;
import dev.rtnl4j.rtnl.AddressSpec;
import dev.rtnl4j.rtnl.Addresses;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.LinkChange;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Links;
import dev.rtnl4j.rtnl.MacAddress;
import dev.rtnl4j.rtnl.Macvlan;
import dev.rtnl4j.rtnl.NamespaceRef;
import dev.rtnl4j.rtnl.Queues;
import dev.rtnl4j.rtnl.RouteSpec;
import dev.rtnl4j.rtnl.Routes;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.rtnl.Veth;
import dev.rtnl4j.rtnl.VethPeer;
import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.NetlinkSocket;
import dev.rtnl4j.sys.NetnsRunner;
import dev.rtnl4j.sys.SocketMemory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network backend over rtnl4j's own rtnetlink API ({@code dev.rtnl4j.rtnl}) and named
 * namespaces ({@code dev.rtnl4j.netns}): no {@code ip}, no shell. One socket in the runtime's own
 * namespace, shared (the client is thread-safe), and one per container namespace for the time
 * of a start, its native memory lent by one {@link SocketMemory} (no arena per socket). A namespace
 * the plan creates is made by a namespace thread, which opens the container's socket while still
 * inside and brings its {@code lo} up, ahead of {@code apply} ({@link #beginNetns}: while the
 * start's checks and clean-up run, or earlier still, as a spare made while an earlier start's
 * nspawn ran, with the container's main veth pair made too, down, for {@code apply} to rename),
 * configured unnamed, and named once systemd-nspawn has been given it by its fd
 * ({@link FreshNetns#name}). Links are created where they belong (the veth peer directly in the
 * container, one queue per end; their indexes from the kernel's echo of the create); the requests
 * that follow are sent in batches, one per namespace, their failures matched back to the step
 * that caused them.
 */
final class RtnlNetworkBackend implements NetworkBackend {
  private final Rtnl host;
  private final NetNamespace hostNamespace;
  /** For the CPU time of the namespace made alongside a start ({@link FreshNetns#cpuNanos()}). */
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** How many namespace threads: preparations of several containers at once do not queue behind one. */
  private static final int NETNS_THREADS = 4;

  /**
   * The long-lived platform threads that enter container namespaces (unshare or setns in, open a
   * socket, come back): no thread is created per container, no other thread ever leaves its
   * namespace, and a thread that could not come back ends (NetnsRunner) instead of serving on.
   */
  private final NetnsRunner[] netnsThreads = new NetnsRunner[NETNS_THREADS];
  private final java.util.concurrent.atomic.AtomicInteger nextNetnsThread = new java.util.concurrent.atomic.AtomicInteger();

  /** The container sockets' memory: opening and closing one costs its system calls alone. */
  private final SocketMemory memory = new SocketMemory();

  /**
   * Namespaces made ahead of the starts that take them (unnamed, each with its route socket, held
   * by fds alone: a JVM that dies takes them with it); guarded by itself, as is {@link #closed}.
   */
  private final ArrayDeque<Fresh> spares = new ArrayDeque<>();
  private boolean closed;

  /**
   * Names of the host ends of spare veths: {@code rtnl4j}, three hex digits of this backend's own,
   * a dash and a number (base 36, at most four digits), at most 14 bytes; another runtime's name
   * that happens to match is stepped over (EEXIST).
   */
  private final String spareVethPrefix =
      "rtnl4j" + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x100, 0x1000)) + "-";
  private final java.util.concurrent.atomic.AtomicInteger spareVethNumber = new java.util.concurrent.atomic.AtomicInteger();

  /** One instance per namespace directory: each makes its directory a shared mount point once. */
  private final Map<Path, NetNamespaces> directories = new ConcurrentHashMap<>();

  /** nftables in the runtime's own namespace; null on a kernel without nfnetlink (EPROTONOSUPPORT). */
  private final PortForwards forwards;

  private RtnlNetworkBackend(Rtnl host, NetNamespace hostNamespace) {
    this.host = host;
    this.hostNamespace = hostNamespace;
    PortForwards f = null;
    try {
      f = PortForwards.open(hostNamespace);
    } catch (NativeException e) {
      if (e.errno() != Errno.EPROTONOSUPPORT) {
        throw e;
      }
    }
    this.forwards = f;
    for (int i = 0; i < netnsThreads.length; i++) {
      netnsThreads[i] = NetnsRunner.dedicated("rtnl4j-container-netns-" + (i + 1));
    }
  }

  /** A route socket in the namespace {@code ns}, opened on the dedicated namespace thread. */
  private NetlinkSocket socketIn(NetNamespace ns) {
    return onNetnsThread(ns.fd(), () -> NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory),
        "open a netlink socket in " + ns.path());
  }

  /**
   * A namespace just created at {@code path}, and a route socket in it; and, for a namespace made
   * ahead for a container with a main veth, that veth pair (null otherwise). {@code loUp}: its
   * {@code lo} is up already (a namespace made ahead).
   */
  private record Created(NetNamespace ns, NetlinkSocket socket, SpareVeth veth, boolean loUp) {
    void close() {
      socket.close();
      ns.close();
    }
  }

  /**
   * The veth pair a namespace made ahead comes with, both ends down, one queue each: its host end
   * in the runtime's namespace under a spare's name, and {@code eth0} in the namespace. A start
   * renames the host end and sets both MACs in its batches, which the kernel does in about half the
   * time of making the pair.
   *
   * @param peerIndex {@code eth0}'s index in the namespace, 0 when the kernel did not say
   */
  private record SpareVeth(String hostName, int hostIndex, int peerIndex) {}

  /**
   * A spare namespace, with its veth, when one is made or being made and the plan has a main veth
   * (a spare that failed is dropped); else a new one, with the veth when {@code mainVeth}.
   */
  @Override
  public FreshNetns beginNetns(boolean mainVeth) {
    if (mainVeth) {
      synchronized (spares) {
        for (Fresh f = spares.poll(); f != null; f = spares.poll()) {
          if (!f.failed()) {
            return f;
          }
          f.close();
        }
      }
    }
    return begin(mainVeth);
  }

  @Override
  public void makeSpareNetns(int count) {
    synchronized (spares) {
      while (!closed && spares.size() < count) {
        spares.add(begin(true));
      }
    }
  }

  @Override
  public List<Integer> spareFds() {
    List<Integer> fds = new ArrayList<>();
    for (Created c : sparesMade()) {
      fds.add(c.ns().fd());
      fds.add(c.socket().fd());
    }
    return fds;
  }

  @Override
  public List<String> spareLinks() {
    List<String> names = new ArrayList<>();
    for (Created c : sparesMade()) {
      if (c.veth() != null) {
        names.add(c.veth().hostName());
      }
    }
    return names;
  }

  /** What the spares hold, once made (waits for those being made). */
  private List<Created> sparesMade() {
    List<Fresh> now;
    synchronized (spares) {
      now = List.copyOf(spares);
    }
    List<Created> made = new ArrayList<>();
    for (Fresh f : now) {
      made.add(f.join());
    }
    return made;
  }

  private Fresh begin(boolean withVeth) {
    try {
      return new Fresh(nextNetnsThread().submit(hostNamespace.fd(), () -> unshareWithSocket(withVeth)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: hand the making of a network namespace to a namespace thread", e);
    }
  }

  /**
   * On a namespace thread: a new, unnamed namespace with its {@code lo} up (every plan brings it
   * up), a route socket in it and, {@code withVeth}, its veth; timed.
   */
  private Fresh.Made unshareWithSocket(boolean withVeth) {
    long t0 = System.nanoTime();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    NetNamespace ns = NetNamespace.unshareOnThisThread();
    NetlinkSocket socket = null;
    try {
      socket = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory);
      try (NetlinkChannel inside = new NetlinkChannel(socket, false)) {
        inside.execute(Links.upRequest(LinkRef.name("lo")));
      }
      Created c = new Created(ns, socket, withVeth ? spareVeth(ns) : null, true);
      return new Fresh.Made(c, System.nanoTime() - t0, THREADS.getCurrentThreadCpuTime() - cpu0);
    } catch (RuntimeException e) {
      if (socket != null) {
        socket.close();
      }
      ns.close();
      throw e;
    }
  }

  /** Makes the veth pair of a namespace made ahead ({@link SpareVeth}), over the runtime's own socket. */
  private SpareVeth spareVeth(NetNamespace ns) {
    for (int attempt = 0; ; attempt++) {
      String name = spareVethPrefix + Integer.toString(Math.floorMod(spareVethNumber.getAndIncrement(), 36 * 36 * 36 * 36), 36);
      VethPeer peer = VethPeer.named("eth0").withQueues(Queues.ONE).in(NamespaceRef.fd(ns.fd(), "a spare namespace"));
      try {
        Link made = host.links().createAndGet(LinkSpec.builder(name, Veth.withPeer(peer)).queues(Queues.ONE).build());
        return new SpareVeth(name, made.index(), Math.max(0, made.linkIndex()));
      } catch (KernelException e) {
        if (e.errno() != Errno.EEXIST || attempt == 2) {
          throw e;
        }
      }
    }
  }

  /**
   * A namespace (and its socket) being made on a namespace thread. {@code apply} takes it and
   * configures it unnamed; systemd-nspawn opens it by {@link #nspawnPath()}; {@link #name} then
   * names it (while nspawn starts), and {@link #close()} lets go of the fd once nspawn runs in it.
   */
  private final class Fresh implements FreshNetns {
    record Made(Created created, long elapsedNanos, long cpuNanos) {}

    private final CompletableFuture<Made> made;
    /** The unnamed namespace apply took, held until {@link #close()}; null before. */
    private NetNamespace taken;
    /** True once apply has the veth: it renames it, or deletes it when the start fails. */
    private boolean vethHandedOut;
    private boolean closed;

    Fresh(CompletableFuture<Made> made) {
      this.made = made;
    }

    /** Waits for the namespace; apply owns the socket, this keeps the namespace's fd. */
    Created take() {
      Created c = join();
      taken = c.ns();
      return c;
    }

    @Override
    public String nspawnPath() {
      return taken == null ? null : "/proc/" + ProcessHandle.current().pid() + "/fd/" + taken.fd();
    }

    @Override
    public void name(Path path) {
      directory(path).attach(path.getFileName().toString(), taken).close();
    }

    private Created join() {
      try {
        return made.join().created();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    }

    @Override
    public long elapsedNanos() {
      Made m = madeIfDone();
      return m == null ? 0 : m.elapsedNanos();
    }

    @Override
    public long cpuNanos() {
      Made m = madeIfDone();
      return m == null ? 0 : m.cpuNanos();
    }

    /** True when making it has failed. */
    boolean failed() {
      return made.isCompletedExceptionally();
    }

    /** What was made, or null while it is being made or when making it failed. */
    private Made madeIfDone() {
      return made.isDone() && !made.isCompletedExceptionally() ? made.join() : null;
    }

    /** The veth it came with, handed to apply (at most once), or null. */
    SpareVeth handOutVeth() {
      SpareVeth v = join().veth();
      if (v == null || vethHandedOut) {
        return null;
      }
      vethHandedOut = true;
      return v;
    }

    /** Deletes the veth handed out to apply, renamed or not (a failed start's); nothing when none was. */
    void deleteHandedOutVeth() {
      if (vethHandedOut) {
        deleteIfThere(LinkRef.index(join().veth().hostIndex()));
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      Created c;
      try {
        c = join();
      } catch (RuntimeException notMade) {
        return; // nothing was made, so nothing is left
      }
      if (c.veth() != null && !vethHandedOut) {
        try {
          deleteIfThere(LinkRef.index(c.veth().hostIndex())); // now, not when the namespace ends (later, on a kernel thread)
        } catch (RuntimeException e) {
          // the kernel removes the pair with the namespace, which closing it below ends
        }
      }
      if (taken != null) {
        taken.close();
        return;
      }
      c.close();
    }
  }

  /**
   * Creates the namespace at {@code path} on the namespace thread, which unshares into it, binds
   * it, opens the route socket there and comes back: one hand-off, no thread started.
   */
  private Created createWithSocket(Path path) {
    return onNetnsThread(hostNamespace.fd(), () -> {
      NetNamespace ns = directory(path).createOnThisThread(path.getFileName().toString());
      try {
        return new Created(ns, NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory), null, false);
      } catch (RuntimeException e) {
        ns.close();
        throw e;
      }
    }, "create network namespace " + path);
  }

  /**
   * Runs {@code task} on a namespace thread (the next one, round robin) inside {@code netnsFd};
   * the thread then returns to its own namespace.
   */
  private <T> T onNetnsThread(int netnsFd, java.util.concurrent.Callable<T> task, String what) {
    try {
      return nextNetnsThread().run(netnsFd, task);
    } catch (RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    } catch (Exception e) {
      throw new IllegalStateException(what, e);
    }
  }

  /** The next namespace thread, round robin. */
  private NetnsRunner nextNetnsThread() {
    return netnsThreads[Math.floorMod(nextNetnsThread.getAndIncrement(), netnsThreads.length)];
  }

  /** A backend for the calling thread's namespace (the "host" of the containers). */
  static RtnlNetworkBackend open() {
    NetNamespace self = NetNamespace.current();
    Rtnl rtnl = null;
    try {
      rtnl = Rtnl.over(self.openNetlinkSocket(NetlinkSocket.NETLINK_ROUTE), "host");
      return new RtnlNetworkBackend(rtnl, self);
    } catch (RuntimeException e) {
      if (rtnl != null) {
        rtnl.close();
      }
      self.close();
      throw e;
    }
  }

  /** The namespaces of {@code path}'s directory: one instance each, which makes the directory shared once. */
  private NetNamespaces directory(Path path) {
    return directories.computeIfAbsent(path.getParent(), NetNamespaces::in);
  }

  @Override
  public void createNetns(Path path) {
    directory(path).create(path.getFileName().toString()).close();
  }

  @Override
  public boolean deleteNetns(Path path) {
    NetNamespaces d = directory(path);
    String name = path.getFileName().toString();
    if (!Files.exists(path)) {
      return false;
    }
    d.delete(name);
    return true;
  }

  @Override
  public boolean linkExists(String name) {
    return find(host, name) != null;
  }

  @Override
  public boolean isBridge(String name) {
    Link l = find(host, name);
    return l != null && "bridge".equals(l.kindName());
  }

  private static Link find(Rtnl rtnl, String name) {
    try {
      return rtnl.links().get(LinkRef.name(name));
    } catch (KernelException e) {
      if (e.errno() == Errno.ENODEV) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public boolean deleteLink(String name) {
    return deleteIfThere(LinkRef.name(name));
  }

  /** Deletes host link {@code link}; false when it was not there (ENODEV). */
  private boolean deleteIfThere(LinkRef link) {
    try {
      host.links().delete(link);
      return true;
    } catch (KernelException e) {
      if (e.errno() == Errno.ENODEV) {
        return false;
      }
      throw e;
    }
  }

  /** One batch of RTM_DELLINK requests, sent together; ENODEV (already gone) is no error. */
  @Override
  public void deleteLinks(List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    List<Request> requests = new ArrayList<>();
    for (String n : names) {
      requests.add(Links.deleteRequest(LinkRef.name(n)));
    }
    host.channel().batch(requests).throwIfFailedOtherThan(Errno.ENODEV);
  }

  @Override
  public boolean moveToHost(Path from, String name) throws Exception {
    if (!Files.exists(from)) {
      return false;
    }
    try (NetNamespace ns = NetNamespace.openPath(from);
        Rtnl c = Rtnl.over(socketIn(ns), from.toString())) {
      c.links().change(LinkRef.name(name), LinkChange.none().namespace(NamespaceRef.fd(hostNamespace.fd(), "host")));
      return true;
    } catch (KernelException e) {
      if (e.errno() == Errno.ENODEV) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void apply(NetworkPlan plan, Path containerNetns) throws NetworkStepException {
    apply(plan, containerNetns, null);
  }

  @Override
  public void apply(NetworkPlan plan, Path containerNetns, FreshNetns fresh) throws NetworkStepException {
    boolean configures = false;
    for (NetStep s : plan.steps()) {
      configures |= !(s instanceof NetStep.CreateNetns);
    }
    NetNamespace ns = null;
    NetlinkSocket socket = null;
    boolean unnamed = false;
    boolean loUp = false;
    for (NetStep s : plan.steps()) {
      if (s instanceof NetStep.CreateNetns n) {
        try {
          boolean containers = ns == null && n.path().equals(containerNetns);
          Created c = null;
          if (containers && fresh instanceof Fresh f) {
            c = f.take(); // named by the caller, once nspawn has it (FreshNetns.name)
            unnamed = true;
          } else if (containers && configures) {
            c = createWithSocket(n.path());
          }
          if (c != null) {
            ns = c.ns();
            socket = c.socket();
            loUp = c.loUp();
          } else {
            createNetns(n.path());
          }
        } catch (RuntimeException e) {
          throw new NetworkStepException(s, e);
        }
      }
    }
    if (fresh != null && !unnamed) {
      fresh.close(); // not the plan's namespace after all: dropped
    }
    if (!configures) {
      if (socket != null) {
        socket.close();
      }
      if (ns != null && !unnamed) {
        ns.close();
      }
      return;
    }
    try {
      if (ns == null) {
        ns = NetNamespace.openPath(containerNetns);
        socket = socketIn(ns);
      }
    } catch (RuntimeException e) {
      if (ns != null) {
        ns.close();
      }
      throw new NetworkStepException(plan.steps().get(0), e);
    }
    String label = "netns " + containerNetns;
    try (Rtnl container = Rtnl.over(socket, label)) {
      new Run(ns, label, container, unnamed ? (Fresh) fresh : null, loUp).steps(plan.steps());
    } catch (NetworkStepException | RuntimeException e) {
      if (unnamed) {
        try {
          ((Fresh) fresh).deleteHandedOutVeth(); // renamed or not, it is this start's: gone with it
        } catch (RuntimeException d) {
          e.addSuppressed(d);
        }
      }
      throw e;
    } finally {
      if (!unnamed) {
        ns.close();
      }
    }
  }

  /** One plan's execution: pending batches per side and resolved link indexes. */
  private final class Run {
    private final NetNamespace ns;
    private final String label;
    private final Rtnl container;
    private final Side hostSide;
    private final Side containerSide;
    /** The namespace made ahead, whose veth the main veth step takes; null when it came otherwise. */
    private final Fresh fresh;
    /** The namespace's {@code lo} is up already: the plan's step for it is done. */
    private final boolean loUp;

    Run(NetNamespace ns, String label, Rtnl container, Fresh fresh, boolean loUp) {
      this.ns = ns;
      this.label = label;
      this.container = container;
      this.hostSide = new Side(host);
      this.containerSide = new Side(container);
      this.fresh = fresh;
      this.loUp = loUp;
    }

    private Side side(NetStep.Side s) {
      return s == NetStep.Side.HOST ? hostSide : containerSide;
    }

    void steps(List<NetStep> steps) throws NetworkStepException {
      for (NetStep step : steps) {
        try {
          if (step instanceof NetStep.CreateNetns) {
            // done already: apply creates the namespaces before the other steps run
          } else if (step instanceof NetStep.CreateVeth v) {
            SpareVeth spare = v.peerName().equals("eth0") && v.master() == null && fresh != null ? fresh.handOutVeth() : null;
            if (spare != null) {
              renameSpare(v, spare);
            } else {
              flushAll();
              // one queue each, asked for: left to the kernel, each end waits for an RCU grace period
              VethPeer peer = VethPeer.named(v.peerName()).withQueues(Queues.ONE).in(NamespaceRef.fd(ns.fd(), label));
              if (v.peerMac() != null) {
                peer = peer.withAddress(MacAddress.of(v.peerMac()));
              }
              LinkSpec.Builder b = LinkSpec.builder(v.hostName(), Veth.withPeer(peer)).queues(Queues.ONE);
              if (v.hostMac() != null) {
                b.address(MacAddress.of(v.hostMac()));
              }
              if (v.master() != null) {
                b.master(hostSide.index(v.master()));
              }
              Link made = host.links().createAndGet(b.build());
              hostSide.know(v.hostName(), made.index());
              if (made.linkIndex() > 0) {
                containerSide.know(v.peerName(), made.linkIndex());
              }
              if (v.altName() != null) {
                host.links().addAltName(LinkRef.name(v.hostName()), v.altName());
              }
            }
          } else if (step instanceof NetStep.CreateMacvlan m) {
            flushAll();
            LinkSpec.Builder b = LinkSpec.builder(m.name(), Macvlan.on(hostSide.index(m.parent()), Macvlan.Mode.BRIDGE))
                .namespace(NamespaceRef.fd(ns.fd(), label));
            if (m.mac() != null) {
              b.address(MacAddress.of(m.mac()));
            }
            host.links().create(b.build());
            if (m.altName() != null) {
              container.links().addAltName(LinkRef.name(m.name()), m.altName());
            }
          } else if (step instanceof NetStep.MoveLink m) {
            flushAll();
            host.links().change(LinkRef.name(m.name()), LinkChange.none().namespace(NamespaceRef.fd(ns.fd(), label)));
          } else if (step instanceof NetStep.LinkUp u) {
            if (!(loUp && u.side() == NetStep.Side.CONTAINER && u.name().equals("lo"))) {
              side(u.side()).add(step, Links.upRequest(LinkRef.name(u.name())));
            }
          } else if (step instanceof NetStep.SetMaster m) {
            Side s = side(m.side());
            s.add(step, Links.changeRequest(LinkRef.name(m.name()), LinkChange.none().master(s.index(m.master())).up()));
          } else if (step instanceof NetStep.RenameLink r) {
            Side s = side(r.side());
            s.add(step, Links.changeRequest(LinkRef.index(s.index(r.from())), LinkChange.none().rename(r.to())));
            s.forget(r.from());
          } else if (step instanceof NetStep.AddAddress a) {
            Side s = side(a.side());
            s.add(step, Addresses.addRequest(AddressSpec.of(s.index(a.device()), a.address().address(),
                a.address().prefixLength())));
          } else if (step instanceof NetStep.AddRoute r) {
            Side s = side(r.side());
            RouteSpec.Builder b = r.destination().prefixLength() == 0
                ? RouteSpec.defaultRoute(r.destination().isIpv4() ? Rtm.AF_INET : Rtm.AF_INET6)
                : RouteSpec.to(r.destination().address(), r.destination().prefixLength());
            b.dev(s.index(r.device()));
            if (r.gateway() != null) {
              b.via(r.gateway());
            }
            s.add(step, Routes.addRequest(b.build()));
          } else {
            throw new AssertionError("unknown network step " + step);
          }
        } catch (NetworkStepException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new NetworkStepException(step, e);
        }
      }
      flushAll();
    }

    private void flushAll() throws NetworkStepException {
      hostSide.flush();
      containerSide.flush();
    }

    /**
     * The main veth from the namespace's spare pair: its host end renamed and given its MAC in the
     * host batch, {@code eth0}'s MAC in the container batch (both ends are down until the plan's
     * link-up steps); no round trip of its own.
     */
    private void renameSpare(NetStep.CreateVeth v, SpareVeth spare) throws NetworkStepException {
      LinkChange hostEnd = LinkChange.none().rename(v.hostName());
      if (v.hostMac() != null) {
        hostEnd = hostEnd.address(MacAddress.of(v.hostMac()));
      }
      hostSide.add(v, Links.changeRequest(LinkRef.index(spare.hostIndex()), hostEnd));
      hostSide.know(v.hostName(), spare.hostIndex());
      if (spare.peerIndex() > 0) {
        containerSide.know("eth0", spare.peerIndex());
      }
      if (v.peerMac() != null) {
        containerSide.add(v, Links.changeRequest(LinkRef.index(containerSide.index("eth0")),
            LinkChange.none().address(MacAddress.of(v.peerMac()))));
      }
      if (v.altName() != null) {
        hostSide.flush();
        host.links().addAltName(LinkRef.name(v.hostName()), v.altName());
      }
    }
  }

  /** Requests waiting to go out together in one namespace, and the link indexes known there. */
  private static final class Side {
    private final Rtnl rtnl;
    private final List<NetStep> steps = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Integer> indexes = new HashMap<>();

    Side(Rtnl rtnl) {
      this.rtnl = rtnl;
    }

    void add(NetStep step, Request r) {
      steps.add(step);
      requests.add(r);
    }

    /** The index of link {@code name}: sends what is pending first (a rename may make the name). */
    int index(String name) throws NetworkStepException {
      Integer i = indexes.get(name);
      if (i != null) {
        return i;
      }
      flush();
      int index = rtnl.links().get(LinkRef.name(name)).index();
      indexes.put(name, index);
      return index;
    }

    /** Records that link {@code name} has index {@code index} here (as the kernel reported it). */
    void know(String name, int index) {
      indexes.put(name, index);
    }

    void forget(String name) {
      indexes.remove(name);
    }

    void flush() throws NetworkStepException {
      if (requests.isEmpty()) {
        return;
      }
      BatchResult r = rtnl.channel().batch(requests);
      List<NetStep> sent = List.copyOf(steps);
      steps.clear();
      requests.clear();
      if (!r.ok()) {
        BatchResult.Failure f = r.failures().get(0);
        throw new NetworkStepException(sent.get(f.index()), f.error());
      }
    }
  }

  /** One nf_tables transaction: the table with its chains and rules, made or replaced whole. */
  @Override
  public void applyPortForwards(String table, List<PortForward> ports, InetAddress ipv4, InetAddress ipv6) {
    List<Forward> fs = ports.stream().map(PortForward::toForward).toList();
    if (forwards == null) {
      throw new IllegalStateException("forwardPorts: this kernel has no nfnetlink (NETLINK_NETFILTER: EPROTONOSUPPORT)");
    }
    forwards.apply(table, fs, ipv4, ipv6);
  }

  /**
   * One nf_tables message. A kernel without nf_tables (no nfnetlink; no nf_tables subsystem:
   * EOPNOTSUPP) has no table to remove.
   */
  @Override
  public boolean removePortForwards(String table) {
    if (forwards == null) {
      return false;
    }
    try {
      return forwards.removeIfPresent(table);
    } catch (KernelException e) {
      if (e.errno() == Errno.EOPNOTSUPP) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    synchronized (spares) {
      closed = true;
      for (Fresh f = spares.poll(); f != null; f = spares.poll()) {
        f.close();
      }
    }
    for (NetnsRunner r : netnsThreads) {
      r.close();
    }
    if (forwards != null) {
      forwards.close();
    }
    host.close();
    hostNamespace.close();
    memory.close();
  }
}
