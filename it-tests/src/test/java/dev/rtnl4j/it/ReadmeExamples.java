package dev.rtnl4j.it;

import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.kmod.KernelModule;
import dev.rtnl4j.kmod.KernelModules;
import dev.rtnl4j.kmod.LoadPolicy;
import dev.rtnl4j.kmod.LoadReport;
import dev.rtnl4j.kmod.ModuleLoader;
import dev.rtnl4j.kmod.ModuleSettings;
import dev.rtnl4j.kmod.ProbeOptions;
import dev.rtnl4j.netty.NettyNetworkEvents;
import dev.rtnl4j.netty.NettyRtnl;
import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.nft.Forward;
import dev.rtnl4j.nft.PortForwards;
import dev.rtnl4j.nft.Protocol;
import dev.rtnl4j.netns.NetNamespaces;
import dev.rtnl4j.nspawn.ContainerRuntime;
import dev.rtnl4j.nspawn.ContainerSpec;
import dev.rtnl4j.nspawn.Image;
import dev.rtnl4j.nspawn.RunningContainer;
import dev.rtnl4j.rtnl.AddressSpec;
import dev.rtnl4j.rtnl.Bridge;
import dev.rtnl4j.rtnl.EventTopic;
import dev.rtnl4j.rtnl.LinkChange;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Links;
import dev.rtnl4j.rtnl.NamespaceRef;
import dev.rtnl4j.rtnl.NetworkEvent;
import dev.rtnl4j.rtnl.NetworkEvents;
import dev.rtnl4j.rtnl.RouteSpec;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.rtnl.Veth;
import dev.rtnl4j.rtnl.VethPeer;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;

/**
 * The API examples of README.md, as real code: each region between {@code // begin:NAME} and
 * {@code // end:NAME} is a code block of the document, word for word (ReadmeExamplesTest checks
 * that, and runs the examples in its sandbox).
 */
final class ReadmeExamples {
  private ReadmeExamples() {}

  /** Creates namespace c1 and a veth pair: ve-c1 here, its peer eth0 born inside c1. */
  static void vethIntoNamespace() throws Exception {
    // begin:veth
    NetNamespaces namespaces = NetNamespaces.standard();          // /run/netns, as ip netns
    try (NetNamespace c1 = namespaces.create("c1");
         Rtnl host = Rtnl.open()) {
      // one RTM_NEWLINK: ve-c1 here, up, and its peer eth0 created directly inside c1
      host.links().create(LinkSpec.builder("ve-c1", Veth.withPeer(VethPeer.named("eth0").in(NamespaceRef.of(c1))))
          .up()
          .build());
    }
    // end:veth
  }

  /** Creates bridge br0 and makes ve-c1 its port. */
  static void bridge() throws Exception {
    // begin:bridge
    try (Rtnl host = Rtnl.open()) {
      host.links().create(LinkSpec.builder("br0", Bridge.defaults()).up().build());
      int br0 = host.links().get(LinkRef.name("br0")).index();
      host.links().change(LinkRef.name("ve-c1"), LinkChange.none().master(br0));
    }
    // end:bridge
  }

  /** Addresses the bridge and c1's eth0, and routes c1's traffic through the bridge. */
  static void addressAndRoute() throws Exception {
    // begin:address-and-route
    InetAddress gateway = InetAddress.getByName("10.231.0.1");
    try (Rtnl host = Rtnl.open();
         NetNamespace c1 = NetNamespaces.standard().open("c1");
         Rtnl inside = Rtnl.open(c1)) {                          // a socket that lives in c1
      int br0 = host.links().get(LinkRef.name("br0")).index();
      host.addresses().add(AddressSpec.of(br0, gateway, 24));

      int eth0 = inside.links().get(LinkRef.name("eth0")).index();
      inside.links().setUp(LinkRef.index(eth0));
      inside.addresses().add(AddressSpec.of(eth0, InetAddress.getByName("10.231.0.2"), 24));
      inside.routes().add(RouteSpec.defaultRoute(Rtm.AF_INET).via(gateway).build());
    }
    // end:address-and-route
  }

  /** Watches links and addresses until nothing happens for {@code quiet}; returns what it saw. */
  static List<String> watchEvents(Duration quiet) throws Exception {
    List<String> seen = new ArrayList<>();
    // begin:events
    try (NetworkEvents events = NetworkEvents.subscribe(EnumSet.of(EventTopic.LINKS, EventTopic.IPV4_ADDRESSES), true)) {
      NetworkEvent e;
      while ((e = events.poll(quiet)) != null) {
        switch (e) {
          case NetworkEvent.Resync r -> seen.add("state: " + r.state().links().size() + " links");   // first, and after an overrun
          case NetworkEvent.LinkAdded a -> seen.add("link added: " + a.link().name());
          case NetworkEvent.LinkRemoved r -> seen.add("link removed: " + r.link().name());
          case NetworkEvent.AddressAdded a -> seen.add("address added: " + a.address().local().getHostAddress());
          default -> { }
        }
      }
    }
    // end:events
    return seen;
  }

  /**
   * Delivers link events and a request's completion on a Netty event loop, into {@code log}; returns
   * the loop group (shutting it down closes the subscription and the client).
   */
  static IoEventLoopGroup eventsOnNetty(Collection<String> log) throws Exception {
    // begin:events-netty
    IoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    IoEventLoop loop = (IoEventLoop) group.next();
    NetworkEvents events = NetworkEvents.subscribe(EnumSet.of(EventTopic.LINKS), false);
    NettyNetworkEvents.register(loop, events, e -> {                 // on the loop's thread, in order
      if (e instanceof NetworkEvent.LinkAdded a) {
        log.add("link added: " + a.link().name());
      }
    }).sync();
    NettyRtnl rtnl = NettyRtnl.open(loop).sync().getNow();
    rtnl.execute(Links.createRequest(LinkSpec.builder("ve-c2", Veth.withPeer(VethPeer.named("eth0-c2"))).build()))
        .addListener(f -> log.add(f.isSuccess() ? "created ve-c2" : "failed: " + f.cause().getMessage()));
    // later: group.shutdownGracefully() closes the subscription and the client
    // end:events-netty
    return group;
  }

  /** What modprobe --show-depends would print for veth, from the module tree of {@code settings}. */
  static String modulePlan(ModuleSettings settings) throws Exception {
    StringBuilder out = new StringBuilder();
    // begin:module-plan
    try (KernelModules modules = KernelModules.open(settings)) {   // ModuleSettings.system(): the running kernel's
      for (KernelModule m : modules.lookup("veth")) {
        out.append(modules.plan(m, null, ProbeOptions.showDepends()).showDepends());
      }
    }
    // end:module-plan
    return out.toString();
  }

  /** Loads veth and bridge into the running kernel (compiled by the test, not run: it changes the machine's kernel). */
  static LoadReport loadModules() throws Exception {
    // begin:module-load
    try (KernelModules modules = KernelModules.open(ModuleSettings.system())) {
      LoadReport report = new ModuleLoader(modules)
          .load(List.of("veth", "bridge"), ProbeOptions.modprobe(), LoadPolicy.TOLERANT);   // EEXIST counts as loaded
      report.failures().forEach(f -> System.err.println("modprobe: " + f));
      return report;
    }
    // end:module-load
  }

  /** Starts a busybox container with its own network, then stops it; returns its leader's pid. */
  static int startContainer(Path stateDir) throws Exception {
    // begin:container
    try (ContainerRuntime runtime = ContainerRuntime.builder().stateDir(stateDir).build()) {
      ContainerSpec web = ContainerSpec.builder("web")
          .image(new Image.Busybox())
          .privateNetwork(true).hostAddress("10.231.1.1").localAddress("10.231.1.2")
          .forwardPort("tcp", 8080, 80)                            // host's 8080 to the container's 80
          .build();
      RunningContainer c = runtime.start(web);                   // returns at READY=1
      System.out.println("web is ready after " + c.readyAfter().toMillis() + " ms, leader pid " + c.leaderPid());
      runtime.stop(c);
      return c.leaderPid();
    }
    // end:container
  }

  /** Makes a port-forward table, returns what {@code exists} says of it, and removes it. */
  static boolean portForwards() throws Exception {
    // begin:port-forwards
    try (PortForwards forwards = PortForwards.open()) {           // a NETLINK_NETFILTER socket, this namespace
      // table inet rtnl4j-web: host port 8080 to 10.231.1.2:80, in one nf_tables transaction
      forwards.apply("rtnl4j-web", List.of(new Forward(Protocol.TCP, 8080, 80)),
          InetAddress.getByName("10.231.1.2"), null);
      boolean made = forwards.exists("rtnl4j-web");
      forwards.remove("rtnl4j-web");                              // the table, its chains and rules
      return made;
    }
    // end:port-forwards
  }
}
