package dev.rtnl4j.bench.workload;

import dev.rtnl4j.codec.Rtm;
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
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

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
 *       a socket opened inside the container namespace (setns on this platform thread and back);
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
    if (Thread.currentThread().isVirtual()) {
      throw new IllegalStateException("the rtnl4j workload enters namespaces: run it on a platform thread");
    }
    try (Rtnl rtnl = Rtnl.open()) {
      int base = 1;
      for (Link l : rtnl.links().list()) {
        base = Math.max(base, l.index() + 1);
      }
      int bridge = spec.workload() == Workload.W2 ? rtnl.links().get(LinkRef.name(spec.bridge())).index() : 0;
      InetAddress gateway2 = InetAddress.ofLiteral(WorkloadSpec.BRIDGE_ADDRESS);
      List<BatchResult.Failure> failures = new ArrayList<>();
      SocketMemory memory = new SocketMemory();
      long[] t = new long[6];
      long start = System.nanoTime();
      try (memory; Pipeline host = rtnl.channel().pipelineAckingLast()) {
        for (int i = 0; i < spec.containers(); i++) {
          String ns = spec.namespace(i);
          int hostIndex = base + i;
          InetAddress hip = WorkloadSpec.hipAddress(i);
          InetAddress lip = WorkloadSpec.lipAddress(i);
          long t0 = System.nanoTime();
          int fd = Syscalls.open("/run/netns/" + ns, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
          if (fd < 0) {
            throw new NativeException("open /run/netns/" + ns, fd);
          }
          NetlinkSocket inside;
          try {
            inside = NetnsRunner.callOnThisThread(fd, () -> NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory));
            long t1 = System.nanoTime();
            t[0] += t1 - t0;
            LinkSpec.Builder veth = LinkSpec.builder(spec.hostLink(i),
                    Veth.withPeer(VethPeer.named("eth0").withIndex(2).in(NamespaceRef.fd(fd, ns))))
                .index(hostIndex).up();
            if (spec.workload() == Workload.W2) {
              veth.master(bridge);
            }
            host.submit(Links.createRequest(veth.build()));
            if (spec.workload() == Workload.W1) {
              host.submit(Addresses.addRequest(AddressSpec.of(hostIndex, hip, 32)));
              host.submit(Routes.addRequest(RouteSpec.to(lip, 32).dev(hostIndex).build()));
            }
            long t2 = System.nanoTime();
            host.flush();
            t[1] += System.nanoTime() - t2;
          } finally {
            Syscalls.close(fd);
          }
          long t3 = System.nanoTime();
          NetlinkChannel channel = new NetlinkChannel(inside, true).namespaceLabel(ns);
          try (Pipeline container = channel.pipelineAckingLast()) {
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
            long t4 = System.nanoTime();
            failures.addAll(container.finish().failures());
            t[2] += System.nanoTime() - t4;
          } finally {
            channel.close();
          }
          long t5 = System.nanoTime();
          t[3] += t5 - t3;
          host.drain(MAX_UNREAD_HOST_ACKS);
          t[4] += System.nanoTime() - t5;
          if (breakdown && (i + 1) % 100 == 0) {
            System.err.printf(java.util.Locale.ROOT, "containers %d: %.1f ms%n", i + 1, (System.nanoTime() - start) / 1e6);
          }
        }
        failures.addAll(host.finish().failures());
      } // ExecutorService.close(): no new task, waits for the closes queued
      long elapsed = System.nanoTime() - start;
      if (breakdown) {
        System.err.printf(java.util.Locale.ROOT, "breakdown (ms): open netns socket %.1f, host sendmsg %.1f,"
            + " container sendmsg+acks %.1f, container channel total %.1f, host acks %.1f%n",
            t[0] / 1e6, t[1] / 1e6, t[2] / 1e6, t[3] / 1e6, t[4] / 1e6);
      }
      if (!failures.isEmpty()) {
        new BatchResult(failures.size(), failures).throwIfFailed();
      }
      return elapsed;
    }
  }
}
