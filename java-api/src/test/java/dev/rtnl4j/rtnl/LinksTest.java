package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.sys.Syscalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Links against the real kernel, each result read back twice: by rtnl4j and by {@code ip -j}. */
class LinksTest {
  private Rtnl rtnl;
  private final List<String> namespaces = new ArrayList<>();

  @BeforeEach
  void open() {
    Sandbox.require();
    rtnl = Rtnl.open();
  }

  @AfterEach
  void close() {
    for (Link l : rtnl.links().list()) {
      if (l.kind() != null) {
        try {
          rtnl.links().delete(LinkRef.index(l.index()));
        } catch (KernelException ignored) {
          // the other end of a veth already went
        }
      }
    }
    rtnl.close();
    for (String ns : namespaces) {
      Sandbox.deleteNetns(ns);
    }
  }

  private String netns(String name) {
    Sandbox.netns(name);
    namespaces.add(name);
    return name;
  }

  @Test
  void vethPeerIsCreatedDirectlyInTargetNamespace() throws Exception {
    String ns = netns("lt-peer");
    int fd = Sandbox.openNetns(ns);
    try {
      rtnl.links().create(LinkSpec.builder("ve-lt", Veth.withPeer(VethPeer.named("eth0").withIndex(7)
          .withAddress(MacAddress.parse("02:00:00:00:00:07")).withMtu(1400).in(NamespaceRef.fd(fd, ns))))
          .index(4711).mtu(1400).address(MacAddress.parse("02:00:00:00:00:01")).up().build());
    } finally {
      Syscalls.close(fd);
    }
    Link host = rtnl.links().get(LinkRef.name("ve-lt"));
    assertEquals(4711, host.index());
    assertEquals("veth", host.kindName());
    assertEquals(1400, host.mtu());
    assertEquals("02:00:00:00:00:01", host.address().toString());
    assertTrue(host.up());
    assertEquals(7, host.linkIndex());
    assertTrue(host.linkNetnsId() >= 0, "peer is in another namespace");
    try (Rtnl inside = Sandbox.clientIn(ns)) {
      Link peer = inside.links().get(LinkRef.name("eth0"));
      assertEquals(7, peer.index());
      assertEquals(1400, peer.mtu());
      assertEquals("02:00:00:00:00:07", peer.address().toString());
      assertFalse(peer.up());
    }
    JsonNode ipHost = Ip.link(null, "ve-lt");
    assertEquals(4711, ipHost.get("ifindex").asInt());
    assertEquals("veth", ipHost.get("linkinfo").get("info_kind").asText());
    assertEquals(1400, ipHost.get("mtu").asInt());
    assertEquals("02:00:00:00:00:01", ipHost.get("address").asText());
    JsonNode ipPeer = Ip.link(ns, "eth0");
    assertEquals(7, ipPeer.get("ifindex").asInt());
    assertEquals("02:00:00:00:00:07", ipPeer.get("address").asText());
  }

  @Test
  void vethEndsGetTheQueueCountsAskedForAndTheKernelsChoiceOtherwise() throws Exception {
    String ns = netns("lt-q");
    int fd = Sandbox.openNetns(ns);
    try {
      rtnl.links().create(LinkSpec.builder("ve-q", Veth.withPeer(VethPeer.named("eth0").withQueues(new Queues(1, 2))
          .in(NamespaceRef.fd(fd, ns)))).queues(Queues.ONE).build());
      rtnl.links().create(LinkSpec.builder("ve-dflt", Veth.withPeer(VethPeer.named("ve-dflt-p"))).build());
    } finally {
      Syscalls.close(fd);
    }
    JsonNode host = Ip.link(null, "ve-q");
    assertEquals(1, host.get("num_tx_queues").asInt());
    assertEquals(1, host.get("num_rx_queues").asInt());
    JsonNode peer = Ip.link(ns, "eth0");
    assertEquals(1, peer.get("num_tx_queues").asInt());
    assertEquals(2, peer.get("num_rx_queues").asInt());
    // left to the kernel: one queue per possible CPU (Queues only matters where it differs)
    int cpus = Integer.parseInt(java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/possible"))
        .trim().replaceAll(".*-", "")) + 1;
    assertEquals(cpus, Ip.link(null, "ve-dflt").get("num_tx_queues").asInt());
  }

  @Test
  void createAndGetReturnsTheLinkAsTheKernelMadeItWithItsPeersIndex() throws Exception {
    String ns = netns("lt-echo");
    int fd = Sandbox.openNetns(ns);
    Link made;
    try {
      made = rtnl.links().createAndGet(LinkSpec.builder("ve-echo", Veth.withPeer(VethPeer.named("eth0")
          .in(NamespaceRef.fd(fd, ns)))).mtu(1300).up().build());
    } finally {
      Syscalls.close(fd);
    }
    Link read = rtnl.links().get(LinkRef.name("ve-echo"));
    assertEquals(read.index(), made.index());
    assertEquals("ve-echo", made.name());
    assertEquals("veth", made.kindName());
    assertEquals(1300, made.mtu());
    assertEquals(read.address(), made.address());
    assertTrue(made.up());
    assertEquals(Ip.link(ns, "eth0").get("ifindex").asInt(), made.linkIndex(), "the peer's index, in its namespace");
    // a second create of the same name is refused as a plain create is, and leaves the first alone
    KernelException e = assertThrows(KernelException.class,
        () -> rtnl.links().createAndGet(LinkSpec.builder("ve-echo", Veth.withPeer(VethPeer.named("ve-echo-p"))).build()));
    assertEquals("EEXIST", e.errnoName());
    assertEquals(made.index(), rtnl.links().get(LinkRef.name("ve-echo")).index());
  }

  @Test
  void kernelEchoesANewLinkToItsCreatorFromLinux63On() throws Exception {
    String[] v = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/osrelease")).trim().split("[.-]");
    boolean echoes = Integer.parseInt(v[0]) * 100 + Integer.parseInt(v[1]) >= 603;
    Link echoed = rtnl.channel().executeEchoed(
        Links.createRequest(LinkSpec.builder("ve-e", Veth.withPeer(VethPeer.named("ve-e-p"))).build()), LinkCodec::decode);
    assertEquals("ve-e", Ip.link(null, "ve-e").get("ifname").asText());
    if (echoes) {
      assertEquals(Ip.link(null, "ve-e").get("ifindex").asInt(), echoed.index());
      assertEquals(Ip.link(null, "ve-e-p").get("ifindex").asInt(), echoed.linkIndex());
    } else {
      assertNull(echoed);
    }
  }

  @Test
  void queueCountsOutOfRangeAreRefusedNamingWhich() {
    IllegalArgumentException tx = assertThrows(IllegalArgumentException.class, () -> new Queues(0, 1));
    assertEquals("transmit queues 0 out of range 1..4096", tx.getMessage());
    IllegalArgumentException rx = assertThrows(IllegalArgumentException.class, () -> new Queues(1, 4097));
    assertEquals("receive queues 4097 out of range 1..4096", rx.getMessage());
  }

  @Test
  void vethPeerInAnotherNamespaceCannotBeCreatedUp() throws Exception {
    // a fact of the kernel the W1 driver relies on: the error is reported, nothing is left behind
    String ns = netns("lt-up");
    int fd = Sandbox.openNetns(ns);
    try {
      // the peer's ifinfomsg is written by Veth with flags 0; ask for IFF_UP through a hand-made kind
      LinkKind upPeer = new UnknownKind("veth", List.of(peerUp("eth0", fd)));
      KernelException e = assertThrows(KernelException.class,
          () -> rtnl.links().create(LinkSpec.builder("ve-up", upPeer).build()));
      assertEquals("ENOTCONN", e.errnoName());
      assertTrue(e.getMessage().contains("create veth ve-up"), e.getMessage());
    } finally {
      Syscalls.close(fd);
    }
    assertThrows(KernelException.class, () -> rtnl.links().get(LinkRef.name("ve-up")));
  }

  private static dev.rtnl4j.codec.RawAttribute peerUp(String name, int fd) {
    dev.rtnl4j.codec.MessageWriter w = new dev.rtnl4j.codec.MessageWriter(256);
    w.ifinfomsg(0, 0, 0, dev.rtnl4j.codec.Rtm.IFF_UP, dev.rtnl4j.codec.Rtm.IFF_UP);
    w.string(Ifla.IFLA_IFNAME, name);
    w.u32(Ifla.IFLA_NET_NS_FD, fd);
    return new dev.rtnl4j.codec.RawAttribute(Ifla.VETH_INFO_PEER, w.toByteArray());
  }

  @Test
  void bridgeIsCreatedWithSettingsAndVethEnslavedAtCreation() {
    rtnl.links().create(LinkSpec.builder("br-lt", Bridge.defaults().withStp(true)
        .withForwardDelay(Duration.ofSeconds(4)).withAgeingTime(Duration.ofSeconds(100)))
        .index(300).up().build());
    rtnl.links().create(LinkSpec.builder("ve-br", Veth.withPeer(VethPeer.named("ve-br-p"))).master(300).up()
        .txQueueLength(500).alias("to the bridge").build());
    Link br = rtnl.links().get(LinkRef.index(300));
    Bridge settings = (Bridge) br.kind();
    assertEquals(Boolean.TRUE, settings.stp());
    assertEquals(Duration.ofSeconds(4), settings.forwardDelay());
    assertEquals(Boolean.FALSE, settings.vlanFiltering());
    assertEquals(Duration.ofSeconds(100), settings.ageingTime());
    Link port = rtnl.links().get(LinkRef.name("ve-br"));
    assertEquals(300, port.master());
    assertEquals(500, port.txQueueLength());
    assertEquals("to the bridge", port.alias());
    JsonNode ipBr = Ip.link(null, "br-lt").get("linkinfo").get("info_data");
    assertEquals(1, ipBr.get("stp_state").asInt());
    assertEquals(400, ipBr.get("forward_delay").asInt());
    assertEquals(0, ipBr.get("vlan_filtering").asInt());
    assertEquals(10000, ipBr.get("ageing_time").asInt());
    JsonNode ipPort = Ip.link(null, "ve-br");
    assertEquals("br-lt", ipPort.get("master").asText());
    assertEquals(500, ipPort.get("txqlen").asInt());
    assertEquals("to the bridge", ipPort.get("ifalias").asText());

    rtnl.links().change(LinkRef.index(300), LinkChange.none().kindSettings(Bridge.defaults().withStp(false)));
    Bridge after = (Bridge) rtnl.links().get(LinkRef.index(300)).kind();
    assertEquals(Boolean.FALSE, after.stp());
    assertEquals(0, Ip.link(null, "br-lt").get("linkinfo").get("info_data").get("stp_state").asInt());
  }

  @Test
  void vlanFilteringIsSetOrRefusedExactlyAsIproute2Sees() {
    rtnl.links().create(LinkSpec.builder("br-v", Bridge.defaults()).build());
    boolean ipCould;
    try {
      Ip.run("link", "set", "br-v", "type", "bridge", "vlan_filtering", "1");
      ipCould = true;
    } catch (AssertionError e) {
      ipCould = false; // a kernel without CONFIG_BRIDGE_VLAN_FILTERING (like this machine's 6.18)
    }
    if (ipCould) {
      Ip.run("link", "set", "br-v", "type", "bridge", "vlan_filtering", "0");
      rtnl.links().change(LinkRef.name("br-v"), LinkChange.none().kindSettings(Bridge.defaults().withVlanFiltering(true)));
      assertEquals(Boolean.TRUE, ((Bridge) rtnl.links().get(LinkRef.name("br-v")).kind()).vlanFiltering());
      assertEquals(1, Ip.link(null, "br-v").get("linkinfo").get("info_data").get("vlan_filtering").asInt());
    } else {
      KernelException e = assertThrows(KernelException.class, () -> rtnl.links().change(LinkRef.name("br-v"),
          LinkChange.none().kindSettings(Bridge.defaults().withVlanFiltering(true))));
      assertEquals("EOPNOTSUPP", e.errnoName());
      assertEquals(Boolean.FALSE, ((Bridge) rtnl.links().get(LinkRef.name("br-v")).kind()).vlanFiltering());
    }
  }

  @Test
  void listIsFilteredByKindAndByMasterInTheKernel() {
    rtnl.links().create(LinkSpec.builder("br-f", Bridge.defaults()).index(400).build());
    rtnl.links().create(LinkSpec.builder("ve-f1", Veth.withPeer(VethPeer.named("ve-f1p"))).master(400).build());
    rtnl.links().create(LinkSpec.builder("ve-f2", Veth.withPeer(VethPeer.named("ve-f2p"))).build());
    List<String> veths = rtnl.links().listByKind("veth").stream().map(Link::name).sorted().toList();
    assertEquals(List.of("ve-f1", "ve-f1p", "ve-f2", "ve-f2p"), veths);
    List<String> bridges = rtnl.links().listByKind("bridge").stream().map(Link::name).toList();
    assertEquals(List.of("br-f"), bridges);
    List<String> ports = rtnl.links().listByMaster(400).stream().map(Link::name).toList();
    assertEquals(List.of("ve-f1"), ports);
    List<String> ipPorts = new ArrayList<>();
    Ip.json("link", "show", "master", "br-f").forEach(n -> ipPorts.add(n.get("ifname").asText()));
    assertEquals(ports, ipPorts);
    List<String> ipVeths = new ArrayList<>();
    Ip.json("link", "show", "type", "veth").forEach(n -> ipVeths.add(n.get("ifname").asText()));
    assertEquals(veths, ipVeths.stream().sorted().toList());
  }

  @Test
  void linkIsFoundByIndexNameAndAltName() {
    rtnl.links().create(LinkSpec.builder("ve-g", Veth.withPeer(VethPeer.named("ve-gp"))).index(500).build());
    rtnl.links().addAltName(LinkRef.index(500), "a-rather-long-alternative-name-for-ve-g");
    assertEquals("ve-g", rtnl.links().get(LinkRef.index(500)).name());
    assertEquals(500, rtnl.links().get(LinkRef.name("ve-g")).index());
    Link byAlt = rtnl.links().get(LinkRef.altName("a-rather-long-alternative-name-for-ve-g"));
    assertEquals(500, byAlt.index());
    assertEquals(List.of("a-rather-long-alternative-name-for-ve-g"), byAlt.altNames());
    JsonNode alt = Ip.link(null, "ve-g").get("altnames");
    assertEquals("a-rather-long-alternative-name-for-ve-g", alt.get(0).asText());
    rtnl.links().deleteAltName(LinkRef.index(500), "a-rather-long-alternative-name-for-ve-g");
    assertTrue(rtnl.links().get(LinkRef.index(500)).altNames().isEmpty());
    assertNull(Ip.link(null, "ve-g").get("altnames"));
    KernelException e = assertThrows(KernelException.class, () -> rtnl.links().get(LinkRef.name("no-such")));
    assertEquals("ENODEV", e.errnoName());
    assertTrue(e.getMessage().contains("get link no-such"), e.getMessage());
  }

  @Test
  void changeSetsUpMtuMacNameAliasTxQueueAndMaster() {
    rtnl.links().create(LinkSpec.builder("br-c", Bridge.defaults()).index(600).build());
    rtnl.links().create(LinkSpec.builder("ve-c", Veth.withPeer(VethPeer.named("ve-cp"))).index(601).build());
    rtnl.links().change(LinkRef.index(601), LinkChange.none().up().mtu(1280)
        .address(MacAddress.parse("02:aa:bb:cc:dd:ee")).rename("ve-renamed").alias("renamed").txQueueLength(42)
        .master(600));
    Link l = rtnl.links().get(LinkRef.index(601));
    assertEquals("ve-renamed", l.name());
    assertTrue(l.up());
    assertEquals(1280, l.mtu());
    assertEquals("02:aa:bb:cc:dd:ee", l.address().toString());
    assertEquals("renamed", l.alias());
    assertEquals(42, l.txQueueLength());
    assertEquals(600, l.master());
    JsonNode ip = Ip.link(null, "ve-renamed");
    assertTrue(ip.get("flags").toString().contains("\"UP\""));
    assertEquals(1280, ip.get("mtu").asInt());
    assertEquals("br-c", ip.get("master").asText());
    rtnl.links().change(LinkRef.name("ve-renamed"), LinkChange.none().noMaster().down());
    l = rtnl.links().get(LinkRef.index(601));
    assertEquals(0, l.master());
    assertFalse(l.up());
    assertNull(Ip.link(null, "ve-renamed").get("master"));
  }

  @Test
  void linkMovesToAnotherNamespaceByFdAndByPid() throws Exception {
    String ns = netns("lt-move");
    rtnl.links().create(LinkSpec.builder("ve-m", Veth.withPeer(VethPeer.named("ve-mp"))).build());
    int fd = Sandbox.openNetns(ns);
    try {
      rtnl.links().change(LinkRef.name("ve-m"), LinkChange.none().namespace(NamespaceRef.fd(fd, ns)));
    } finally {
      Syscalls.close(fd);
    }
    try (Rtnl inside = Sandbox.clientIn(ns)) {
      assertEquals("veth", inside.links().get(LinkRef.name("ve-m")).kindName());
      // and back, by pid: our own process lives in the sandbox namespace
      inside.links().change(LinkRef.name("ve-m"), LinkChange.none().namespace(NamespaceRef.pid((int) ProcessHandle.current().pid())));
    }
    assertEquals("veth", rtnl.links().get(LinkRef.name("ve-m")).kindName());
    assertEquals("ve-m", Ip.link(null, "ve-m").get("ifname").asText());
  }

  @Test
  void deletingOneEndOfVethRemovesBoth() {
    rtnl.links().create(LinkSpec.builder("ve-d", Veth.withPeer(VethPeer.named("ve-dp"))).build());
    rtnl.links().delete(LinkRef.name("ve-d"));
    assertEquals("ENODEV", assertThrows(KernelException.class, () -> rtnl.links().get(LinkRef.name("ve-dp"))).errnoName());
    assertEquals(0, Ip.json("link", "show", "type", "veth").size());
  }

  @Test
  void duplicateCreateReportsEexistWithOperationInWords() {
    rtnl.links().create(LinkSpec.builder("ve-x", Veth.withPeer(VethPeer.named("ve-xp"))).build());
    KernelException e = assertThrows(KernelException.class,
        () -> rtnl.links().create(LinkSpec.builder("ve-x", Veth.withPeer(VethPeer.named("ve-xq"))).build()));
    assertEquals("EEXIST", e.errnoName());
    assertEquals("create veth ve-x (peer ve-xq)", e.operation());
    assertTrue(e.getMessage().startsWith("create veth ve-x (peer ve-xq): EEXIST"), e.getMessage());
  }

  @Test
  void kernelPointsAtTheOffendingAttribute() {
    rtnl.links().create(LinkSpec.builder("ve-o", Veth.withPeer(VethPeer.named("ve-op"))).index(900).build());
    // a master that does not exist: the kernel's extended ack names IFLA_MASTER
    KernelException e = assertThrows(KernelException.class,
        () -> rtnl.links().change(LinkRef.index(900), LinkChange.none().master(12345)));
    assertTrue(e.errnoName().equals("EINVAL") || e.errnoName().equals("ENODEV"), e.getMessage());
    System.out.println("ext-ack sample: " + e.getMessage());
    // a requested index already taken
    KernelException taken = assertThrows(KernelException.class,
        () -> rtnl.links().create(LinkSpec.builder("ve-o2", Veth.withPeer(VethPeer.named("ve-o2p"))).index(900).build()));
    assertTrue(taken.errnoName().equals("EBUSY") || taken.errnoName().equals("EEXIST"), taken.getMessage());
  }
}
