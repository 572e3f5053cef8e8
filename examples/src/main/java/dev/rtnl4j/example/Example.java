package dev.rtnl4j.example;

import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.netns.NetNamespaces;
import dev.rtnl4j.rtnl.Address;
import dev.rtnl4j.rtnl.AddressSpec;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.NamespaceRef;
import dev.rtnl4j.rtnl.Route;
import dev.rtnl4j.rtnl.RouteSpec;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.rtnl.Veth;
import dev.rtnl4j.sys.NativeBackends;
import dev.rtnl4j.rtnl.VethPeer;
import java.net.InetAddress;
import java.util.List;

/**
 * Creates a network namespace "example", a veth pair whose peer is born inside it as eth0,
 * addresses both ends, routes the namespace's default traffic to the host end, and lists what the
 * kernel then holds on both sides, and which JDK and native backend did it. Exits with status 1
 * when the kernel does not show what was asked. Run it as root in a namespace of its own (examples/run does).
 */
public final class Example {
  private Example() {}

  public static void main(String[] args) throws Exception {
    NetNamespaces namespaces = NetNamespaces.standard();
    InetAddress hostAddress = InetAddress.getByName("10.200.0.1");
    InetAddress containerAddress = InetAddress.getByName("10.200.0.2");
    try (NetNamespace container = namespaces.create("example");
         Rtnl host = Rtnl.open();
         Rtnl inside = Rtnl.open(container)) {
      // one RTM_NEWLINK: the host end, up, and its peer created directly in the namespace
      host.links().create(LinkSpec.builder("ve-example", Veth.withPeer(VethPeer.named("eth0").in(NamespaceRef.of(container))))
          .up()
          .build());
      int hostEnd = host.links().get(LinkRef.name("ve-example")).index();
      host.addresses().add(AddressSpec.of(hostEnd, hostAddress, 24));

      int eth0 = inside.links().get(LinkRef.name("eth0")).index();
      inside.links().setUp(LinkRef.index(eth0));
      inside.addresses().add(AddressSpec.of(eth0, containerAddress, 24));
      inside.routes().add(RouteSpec.defaultRoute(Rtm.AF_INET).via(hostAddress).build());

      print("host", host);
      print("namespace example", inside);

      boolean addressed = inside.addresses().list(Rtm.AF_INET, eth0).stream()
          .anyMatch(a -> containerAddress.equals(a.local()) && a.prefixLength() == 24);
      boolean routed = inside.routes().list(Rtm.AF_INET, 254).stream()
          .anyMatch(r -> r.prefixLength() == 0 && hostAddress.equals(r.gateway()));
      if (!addressed || !routed) {
        System.err.println("example: the namespace lacks " + (addressed ? "" : "its address ") + (routed ? "" : "its default route"));
        System.exit(1);
      }
      System.out.println("example: ok (JDK " + Runtime.version().feature() + ", backend " + NativeBackends.get().name() + ")");
    } finally {
      if (namespaces.exists("example")) {
        namespaces.delete("example");
      }
    }
  }

  private static void print(String where, Rtnl rtnl) {
    System.out.println(where + ":");
    List<Address> addresses = rtnl.addresses().list();
    for (Link l : rtnl.links().list()) {
      StringBuilder line = new StringBuilder("  ").append(l.index()).append(": ").append(l.name())
          .append(l.kindName() == null ? "" : " (" + l.kindName() + ")").append(l.up() ? " up" : " down");
      for (Address a : addresses) {
        if (a.linkIndex() == l.index()) {
          InetAddress shown = a.local() != null ? a.local() : a.address();   // IPv6: IFA_ADDRESS only
          line.append(' ').append(shown.getHostAddress()).append('/').append(a.prefixLength());
        }
      }
      System.out.println(line);
    }
    for (Route r : rtnl.routes().list(Rtm.AF_INET, 254)) {
      System.out.println("  route " + r.destinationText() + (r.gateway() == null ? "" : " via " + r.gateway().getHostAddress()));
    }
  }
}
