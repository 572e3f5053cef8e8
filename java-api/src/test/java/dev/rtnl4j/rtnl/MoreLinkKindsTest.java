package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.netns.NetNamespaces;
import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.sys.NativeException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * macvlan, vxlan, tun and tap against this machine's kernel; every result read back twice: by
 * rtnl4j's own get and by {@code ip -j -d link show}.
 */
class MoreLinkKindsTest {
  private Rtnl rtnl;
  private int lower;
  private final List<String> namespaces = new ArrayList<>();

  @BeforeEach
  void open() {
    Sandbox.require();
    rtnl = Rtnl.open();
    rtnl.links().create(LinkSpec.builder("lower0", Veth.withPeer(VethPeer.named("lower1"))).up().build());
    lower = rtnl.links().get(LinkRef.name("lower0")).index();
  }

  @AfterEach
  void close() {
    for (Link l : rtnl.links().list()) {
      if (l.kind() != null) {
        try {
          rtnl.links().delete(LinkRef.index(l.index()));
        } catch (KernelException ignored) {
          // went with its lower link or its peer
        }
      }
    }
    rtnl.close();
    for (String ns : namespaces) {
      NetNamespaces.standard().delete(ns);
    }
  }

  private static JsonNode data(JsonNode link) {
    return link.get("linkinfo").get("info_data");
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  // ---- macvlan ------------------------------------------------------------------------------

  @Test
  void macvlanIsCreatedInEachModeOnItsLowerLink() {
    for (Macvlan.Mode mode : List.of(Macvlan.Mode.PRIVATE, Macvlan.Mode.VEPA, Macvlan.Mode.BRIDGE)) {
      String name = "mv-" + mode.name().toLowerCase();
      rtnl.links().create(LinkSpec.builder(name, Macvlan.on(lower, mode)).build());
      Link l = rtnl.links().get(LinkRef.name(name));
      assertEquals(new Macvlan(0, mode, List.of(), false), l.kind());
      assertEquals(lower, l.linkIndex());
      JsonNode j = Ip.link(null, name);
      assertEquals("macvlan", j.get("linkinfo").get("info_kind").asText());
      assertEquals(mode.name().toLowerCase(), data(j).get("mode").asText());
      assertEquals("lower0", j.get("link").asText());
    }
  }

  @Test
  void passthruMacvlanTakesTheWholeLowerLink() {
    rtnl.links().create(LinkSpec.builder("mv-pt", Macvlan.on(lower, Macvlan.Mode.PASSTHRU).withNoPromisc()).build());
    Macvlan k = (Macvlan) rtnl.links().get(LinkRef.name("mv-pt")).kind();
    assertEquals(Macvlan.Mode.PASSTHRU, k.mode());
    assertTrue(k.noPromisc());
    JsonNode d = data(Ip.link(null, "mv-pt"));
    assertEquals("passthru", d.get("mode").asText());
    assertTrue(d.get("nopromisc").asBoolean());
    // a fact of the kernel: no other macvlan on a lower link in passthru mode
    KernelException e = assertThrows(KernelException.class,
        () -> rtnl.links().create(LinkSpec.builder("mv-2", Macvlan.on(lower, Macvlan.Mode.BRIDGE)).build()));
    assertEquals("EINVAL", e.errnoName());
    assertTrue(e.getMessage().contains("create macvlan mv-2"), e.getMessage());
  }

  @Test
  void sourceMacvlanReceivesFromTheListedAddresses() {
    List<MacAddress> sources = List.of(MacAddress.parse("02:00:00:00:5c:01"), MacAddress.parse("02:00:00:00:5c:02"));
    rtnl.links().create(LinkSpec.builder("mv-src", Macvlan.source(lower, sources)).build());
    Macvlan k = (Macvlan) rtnl.links().get(LinkRef.name("mv-src")).kind();
    assertEquals(Macvlan.Mode.SOURCE, k.mode());
    // the kernel keeps the sources in a hash table and reports them in its order, not ours
    assertEquals(java.util.Set.copyOf(sources), java.util.Set.copyOf(k.sources()));
    JsonNode d = data(Ip.link(null, "mv-src"));
    assertEquals("source", d.get("mode").asText());
    assertEquals(2, d.get("macaddr_count").asInt());
    List<String> ipSources = new ArrayList<>();
    d.get("macaddr_data").forEach(n -> ipSources.add(n.asText()));
    assertEquals(List.of("02:00:00:00:5c:01", "02:00:00:00:5c:02"), ipSources.stream().sorted().toList());
  }

  @Test
  void macvlanIsCreatedDirectlyInAnotherNamespace() throws Exception {
    namespaces.add("mv-ns");
    try (NetNamespace ns = NetNamespaces.standard().create("mv-ns")) {
      rtnl.links().create(LinkSpec.builder("eth7", Macvlan.on(lower, Macvlan.Mode.BRIDGE))
          .namespace(NamespaceRef.of(ns)).mtu(1400).build());
      assertThrows(KernelException.class, () -> rtnl.links().get(LinkRef.name("eth7")), "not in our namespace");
      try (Rtnl inside = Rtnl.open(ns)) {
        Link l = inside.links().get(LinkRef.name("eth7"));
        assertEquals(Macvlan.Mode.BRIDGE, ((Macvlan) l.kind()).mode());
        assertEquals(1400, l.mtu());
        assertTrue(l.linkNetnsId() >= 0, "the lower link is in another namespace");
      }
      JsonNode j = Ip.link("mv-ns", "eth7");
      assertEquals("macvlan", j.get("linkinfo").get("info_kind").asText());
      assertEquals("bridge", data(j).get("mode").asText());
      assertEquals(1400, j.get("mtu").asInt());
    }
  }

  @Test
  void macvlanWithoutLowerLinkIsRefusedBeforeSending() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Macvlan.on(0, Macvlan.Mode.BRIDGE));
    assertTrue(e.getMessage().contains("macvlan lower link"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Macvlan(lower, Macvlan.Mode.BRIDGE, List.of(MacAddress.parse("02:00:00:00:00:01")), false));
  }

  // ---- vxlan --------------------------------------------------------------------------------

  @Test
  void unicastVxlanHasItsVniAddressesAndPort() {
    rtnl.links().create(LinkSpec.builder("vx-u", Vxlan.unicast(4242, ip("10.20.0.1"), ip("10.20.0.2")).withPort(4789)
        .withDevice(lower).withTtl(16).withLearning(false)).build());
    Link l = rtnl.links().get(LinkRef.name("vx-u"));
    assertEquals(new Vxlan(4242, ip("10.20.0.1"), ip("10.20.0.2"), 4789, lower, false, 16), l.kind());
    JsonNode d = data(Ip.link(null, "vx-u"));
    assertEquals(4242, d.get("id").asInt());
    assertEquals("10.20.0.1", d.get("local").asText());
    assertEquals("10.20.0.2", d.get("remote").asText());
    assertEquals(4789, d.get("port").asInt());
    assertEquals("lower0", d.get("link").asText());
    assertEquals(16, d.get("ttl").asInt());
    assertFalse(d.get("learning").asBoolean());
  }

  @Test
  void multicastVxlanOverIpv6NeedsADeviceAndGetsIt() {
    rtnl.links().create(LinkSpec.builder("vx-m", Vxlan.multicast(77, ip("ff05::77"), lower).withPort(4789)).build());
    Vxlan k = (Vxlan) rtnl.links().get(LinkRef.name("vx-m")).kind();
    assertTrue(k.isMulticast());
    assertEquals(ip("ff05::77"), k.remote());
    assertEquals(lower, k.device());
    JsonNode d = data(Ip.link(null, "vx-m"));
    assertEquals("ff05::77", d.get("group6").asText());
    assertEquals("lower0", d.get("link").asText());

    // without a device the kernel refuses, and says why
    KernelException e = assertThrows(KernelException.class, () -> rtnl.links().create(
        LinkSpec.builder("vx-m2", new Vxlan(78, null, ip("239.1.1.1"), 4789, 0, null, null)).build()));
    assertEquals("EINVAL", e.errnoName());
    assertEquals("Local interface required for multicast remote destination", e.kernelMessage(), e.getMessage());
  }

  @Test
  void vxlanWithoutPortGetsTheKernelsDefault8472() {
    rtnl.links().create(LinkSpec.builder("vx-d", Vxlan.of(9)).build());
    Vxlan k = (Vxlan) rtnl.links().get(LinkRef.name("vx-d")).kind();
    assertEquals(8472, k.port());
    assertNull(k.remote());
    assertEquals(8472, data(Ip.link(null, "vx-d")).get("port").asInt());
  }

  @Test
  void vxlanVniOutOfRangeIsRefusedBeforeSending() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vxlan.of(1 << 24));
    assertTrue(e.getMessage().contains("VNI 16777216"), e.getMessage());
  }

  // ---- tun / tap ----------------------------------------------------------------------------

  @Test
  void persistentTapWithOwnerAndGroupOutlivesItsDescriptor() {
    try (TunDevice tap = TunTap.create(TunTap.Spec.tap("tap-p").makePersistent().ownedBy(4242).usableByGroup(4343))) {
      assertEquals("tap-p", tap.name());
      assertTrue(tap.fd() >= 0);
    }
    Link l = rtnl.links().get(LinkRef.name("tap-p"));
    Tun k = (Tun) l.kind();
    assertEquals(TunTap.Mode.TAP, k.mode());
    assertTrue(k.persistent());
    assertFalse(k.packetInfo());
    assertEquals(4242, k.owner());
    assertEquals(4343, k.group());
    JsonNode d = data(Ip.link(null, "tap-p"));
    assertEquals("tap", d.get("type").asText());
    assertTrue(d.get("persist").asBoolean());
    assertFalse(d.get("pi").asBoolean());
    assertEquals("4242", d.get("user").asText());
    assertEquals("4343", d.get("group").asText());
    rtnl.links().delete(LinkRef.name("tap-p"));
    assertThrows(KernelException.class, () -> rtnl.links().get(LinkRef.name("tap-p")));
  }

  @Test
  void tunWithoutPersistVanishesWithItsDescriptor() {
    TunDevice tun = TunTap.create(TunTap.Spec.tun("tun-t").withPacketInfo());
    Tun k = (Tun) rtnl.links().get(LinkRef.name("tun-t")).kind();
    assertEquals(TunTap.Mode.TUN, k.mode());
    assertTrue(k.packetInfo());
    assertFalse(k.persistent());
    JsonNode d = data(Ip.link(null, "tun-t"));
    assertEquals("tun", d.get("type").asText());
    assertTrue(d.get("pi").asBoolean());
    tun.close();
    assertThrows(KernelException.class, () -> rtnl.links().get(LinkRef.name("tun-t")));
  }

  @Test
  void kernelNumbersATapNamePattern() {
    try (TunDevice tap = TunTap.create(TunTap.Spec.tap("rtap%d"))) {
      assertTrue(tap.name().matches("rtap\\d+"), tap.name());
      assertEquals("tun", rtnl.links().get(LinkRef.name(tap.name())).kindName());
    }
  }

  @Test
  void tapIsCreatedInsideANamespace() throws Exception {
    namespaces.add("tap-ns");
    try (NetNamespace ns = NetNamespaces.standard().create("tap-ns");
        TunDevice tap = TunTap.create(ns, TunTap.Spec.tap("tap-in").makePersistent())) {
      assertThrows(KernelException.class, () -> rtnl.links().get(LinkRef.name("tap-in")));
      try (Rtnl inside = Rtnl.open(ns)) {
        assertEquals(TunTap.Mode.TAP, ((Tun) inside.links().get(LinkRef.name("tap-in")).kind()).mode());
      }
      assertEquals("tap", data(Ip.link("tap-ns", "tap-in")).get("type").asText());
    }
  }

  @Test
  void creatingATapOverAnExistingNameFailsWithEbusyAndLeavesItAlone() {
    try (TunDevice first = TunTap.create(TunTap.Spec.tap("tap-x").makePersistent())) {
      NativeException e = assertThrows(NativeException.class, () -> TunTap.create(TunTap.Spec.tap("tap-x")));
      assertEquals("EBUSY", e.errnoName());
      assertTrue(e.getMessage().contains("create tap tap-x"), e.getMessage());
      assertTrue(e.getMessage().contains("exists already"), e.getMessage());
      NativeException veth = assertThrows(NativeException.class, () -> TunTap.create(TunTap.Spec.tun("lower0")));
      assertEquals("EBUSY", veth.errnoName());
    }
    assertTrue(((Tun) rtnl.links().get(LinkRef.name("tap-x")).kind()).persistent());
    // a queue can still be attached to the persistent device
    try (TunDevice again = TunTap.attach(TunTap.Spec.tap("tap-x"))) {
      assertEquals("tap-x", again.name());
    }
  }

  @Test
  void tunKindCannotBeCreatedWithRtmNewlink() {
    Tun k = new Tun(TunTap.Mode.TAP, false, false, true, false, -1, -1, -1);
    assertThrows(UnsupportedOperationException.class, () -> rtnl.links().create(LinkSpec.builder("tap-n", k).build()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TunTap.Spec.tap("a-name-far-too-long"));
    assertTrue(e.getMessage().contains("a-name-far-too-long"));
  }
}
