package dev.rtnl4j.bench.workload;

import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.nspawn.IpPrefix;
import dev.rtnl4j.proto.BatchResult;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.proto.Pipeline;
import dev.rtnl4j.rtnl.AddressSpec;
import dev.rtnl4j.rtnl.Addresses;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Links;
import dev.rtnl4j.rtnl.NamespaceRef;
import dev.rtnl4j.rtnl.RouteSpec;
import dev.rtnl4j.rtnl.Routes;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.rtnl.Veth;
import dev.rtnl4j.rtnl.VethPeer;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.NetlinkSocket;
import dev.rtnl4j.sys.NetnsRunner;
import dev.rtnl4j.sys.SocketMemory;
import dev.rtnl4j.sys.Syscalls;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * W1/W2 over rtnl4j, on the fastest legal path:
 * <ul>
 *   <li>host ifindexes are chosen up front (above the highest in use), the container's eth0 gets
 *       index 2 (its namespace holds only lo), so every request of a container can be written
 *       before any reply is read;</li>
 *   <li>the veth is created up, with its peer directly in the container namespace
 *       ({@code IFLA_NET_NS_FD}), in the same {@code sendmsg} as the host address and route
 *       (W2: with its master), so one {@code sendmsg} does the host part;</li>
 *   <li>the container part (lo up, address, eth0 up, routes) goes in a second {@code sendmsg} on
 *       a socket opened inside the container namespace; the socket is opened on a dedicated
 *       platform thread (setns in, socket, setns back: design decision 1), one container ahead, so
 *       that it is ready while the host part of the container before runs in the kernel (the
 *       nine operations of a container still begin only after the previous container's ended);
 *       the peer cannot be created up (ENOTCONN), so it is brought up there, before its routes;</li>
 *   <li>only the last request of each {@code sendmsg} asks for an acknowledgement: failures are
 *       still answered one by one and reported against their request;</li>
 *   <li>the host socket's acknowledgements are read while the next containers are set up; the
 *       kernel has handled a {@code sendmsg}'s messages before it returns, so nothing waits for them;</li>
 *   <li>container sockets take their native memory from one {@link SocketMemory} and give it back on
 *       close, so opening and closing one costs its system calls alone (~25 µs, as in C): no arena
 *       is created or closed per container, and no JVM-wide handshake stops the loop.</li>
 * </ul>
 */
public final class RtnlImplementation implements Implementation {
  /** Host acknowledgements left unread at most, well within the socket's receive buffer. */
  private static final int MAX_UNREAD_HOST_ACKS = 96;

  /** With {@code -Drtnl4j.bench.breakdown=true}, where the time went is printed to stderr. */
  private final boolean breakdown = Boolean.getBoolean("rtnl4j.bench.breakdown");

  @Override
  public String name() {
    return "rtnl4j";
  }

  @Override
  public long run(WorkloadSpec spec) throws Exception {
    try (Rtnl rtnl = Rtnl.open();
        SocketMemory memory = new SocketMemory();
        NetnsRunner opener = NetnsRunner.dedicated("rtnl4j-w-opener")) {
      int base = 1;
      for (Link l : rtnl.links().list()) {
        base = Math.max(base, l.index() + 1);
      }
      int bridge = spec.workload() == Workload.W2 ? rtnl.links().get(LinkRef.name(spec.bridge())).index() : 0;
      InetAddress gateway2 = IpPrefix.parse(WorkloadSpec.BRIDGE_ADDRESS).address();
      List<BatchResult.Failure> failures = new ArrayList<>();
      long[] t = new long[5];
      ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      long cpuStart = cpu.getCurrentThreadCpuTime();
      long userStart = cpu.getCurrentThreadUserTime();
      long start = System.nanoTime();
      Prefetched next = Prefetched.start(spec.namespace(0), opener, memory);
      try (Pipeline host = rtnl.channel().pipelineAckingLast()) {
        for (int i = 0; i < spec.containers(); i++) {
          Prefetched current = next;
          next = null;
          NetlinkSocket inside = null;
          try {
            next = i + 1 < spec.containers() ? Prefetched.start(spec.namespace(i + 1), opener, memory) : null;
            int hostIndex = base + i;
            long t1 = System.nanoTime();
            LinkSpec.Builder veth = LinkSpec.builder(spec.hostLink(i),
                    Veth.withPeer(VethPeer.named("eth0").withIndex(2).in(NamespaceRef.fd(current.fd(), current.name()))))
                .index(hostIndex).up();
            if (spec.workload() == Workload.W2) {
              veth.master(bridge);
            }
            host.submit(Links.createRequest(veth.build()));
            if (spec.workload() == Workload.W1) {
              host.submit(Addresses.addRequest(AddressSpec.of(hostIndex, WorkloadSpec.hipAddress(i), 32)));
              host.submit(Routes.addRequest(RouteSpec.to(WorkloadSpec.lipAddress(i), 32).dev(hostIndex).build()));
            }
            host.flush();
            long t2 = System.nanoTime();
            t[1] += t2 - t1;
            inside = current.socket();
            t[0] += System.nanoTime() - t2;
          } finally {
            if (inside != null) {
              current.closeNamespace();
            } else {
              current.discard(); // a failure before the socket was taken: it must not stay open
            }
          }
          long t3 = System.nanoTime();
          try (NetlinkChannel channel = new NetlinkChannel(inside, true).namespaceLabel(current.name());
              Pipeline container = channel.pipelineAckingLast()) {
            InetAddress hip = WorkloadSpec.hipAddress(i);
            InetAddress lip = WorkloadSpec.lipAddress(i);
            container.submit(Links.upRequest(LinkRef.index(1)));
            if (spec.workload() == Workload.W1) {
              container.submit(Addresses.addRequest(AddressSpec.of(2, lip, 32)));
              container.submit(Links.upRequest(LinkRef.index(2)));
              container.submit(Routes.addRequest(RouteSpec.to(hip, 32).dev(2).build()));
              container.submit(Routes.addRequest(RouteSpec.defaultRoute(Rtm.AF_INET).via(hip).build()));
            } else {
              container.submit(Addresses.addRequest(AddressSpec.of(2, lip, 16)));
              container.submit(Links.upRequest(LinkRef.index(2)));
              container.submit(Routes.addRequest(RouteSpec.defaultRoute(Rtm.AF_INET).via(gateway2).build()));
            }
            failures.addAll(container.finish().failures());
          }
          long t4 = System.nanoTime();
          t[2] += t4 - t3;
          host.drain(MAX_UNREAD_HOST_ACKS);
          t[3] += System.nanoTime() - t4;
          if (breakdown && (i + 1) % 100 == 0) {
            System.err.printf(Locale.ROOT, "containers %d: %.1f ms%n", i + 1, (System.nanoTime() - start) / 1e6);
          }
        }
        failures.addAll(host.finish().failures());
      } finally {
        if (next != null) {
          next.discard();
        }
      }
      long elapsed = System.nanoTime() - start;
      if (breakdown) {
        long user = cpu.getCurrentThreadUserTime() - userStart;
        long system = cpu.getCurrentThreadCpuTime() - cpuStart - user;
        System.err.printf(Locale.ROOT, "timed thread (ms): wall %.1f, user %.1f, system %.1f, off cpu %.1f%n",
            elapsed / 1e6, user / 1e6, system / 1e6, (elapsed - user - system) / 1e6);
        System.err.printf(Locale.ROOT, "breakdown (ms): waiting for the prefetched socket %.1f, host encode+sendmsg %.1f,"
            + " container channel (encode, sendmsg, acks, close) %.1f, host acks %.1f%n",
            t[0] / 1e6, t[1] / 1e6, t[2] / 1e6, t[3] / 1e6);
      }
      if (!failures.isEmpty()) {
        new BatchResult(failures.size(), failures).throwIfFailed();
      }
      return elapsed;
    }
  }

  /**
   * A container namespace opened ahead of its turn, and its rtnetlink socket being opened inside
   * it on the runner's thread while the previous container is set up.
   */
  private record Prefetched(String name, int fd, CompletableFuture<NetlinkSocket> opening) {
    static Prefetched start(String name, NetnsRunner opener, SocketMemory memory) throws InterruptedException {
      int fd = Syscalls.open("/run/netns/" + name, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
      if (fd < 0) {
        throw new NativeException("open /run/netns/" + name, fd);
      }
      try {
        return new Prefetched(name, fd, opener.submit(fd, () -> NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory)));
      } catch (RuntimeException | InterruptedException e) {
        Syscalls.close(fd);
        throw e;
      }
    }

    /** The socket, once open (waits for it); the namespace's failure as is. */
    NetlinkSocket socket() throws Exception {
      try {
        return opening.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
      }
    }

    /** Closes the namespace fd once the socket no longer needs it (after the opening finished). */
    void closeNamespace() {
      try {
        opening.handle((s, e) -> null).join();
      } finally {
        Syscalls.close(fd);
      }
    }

    /** For a run that stopped early: closes the socket once open, and the namespace fd. */
    void discard() {
      opening.thenAccept(NetlinkSocket::close);
      closeNamespace();
    }
  }
}
