package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.KernelException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Neighbour entries against the real kernel, each checked by rtnl4j's dump and by {@code ip -j neigh}. */
class NeighboursTest {
  private static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:aa:01");
  private static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:bb:02");

  private Rtnl rtnl;
  private int link;

  @BeforeEach
  void open() throws Exception {
    Sandbox.require();
    rtnl = Rtnl.open();
    rtnl.links().create(LinkSpec.builder("nb0", Veth.withPeer(VethPeer.named("nb1"))).up().build());
    rtnl.links().setUp(LinkRef.name("nb1"));
    link = rtnl.links().get(LinkRef.name("nb0")).index();
  }

  @AfterEach
  void close() {
    rtnl.links().delete(LinkRef.name("nb0"));
    rtnl.close();
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode ipNeigh(String dst) {
    for (JsonNode n : Ip.json("neigh", "show", "dev", "nb0")) {
      if (n.path("dst").asText().equals(dst)) {
        return n;
      }
    }
    return null;
  }

  private List<String> states(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.path("state").forEach(s -> out.add(s.asText()));
    return out;
  }

  @Test
  void permanentIpv4EntryIsListedAndIpAgrees() throws Exception {
    rtnl.neighbours().add(NeighbourSpec.permanent(link, ip("10.9.0.2"), MAC_A));
    Neighbour n = rtnl.neighbours().list(Rtm.AF_INET, link).stream()
        .filter(e -> e.destination().equals(ip("10.9.0.2"))).findFirst().orElseThrow();
    assertEquals(MAC_A, n.linkAddress());
    assertTrue(n.permanent());
    assertEquals(Set.of(NeighbourState.PERMANENT), n.states());
    assertEquals(Rtm.AF_INET, n.family());
    JsonNode j = ipNeigh("10.9.0.2");
    assertEquals("02:00:00:00:aa:01", j.path("lladdr").asText());
    assertEquals(List.of("PERMANENT"), states(j));
  }

  @Test
  void reachableIpv6EntryIsListedAndIpAgrees() throws Exception {
    rtnl.neighbours().add(NeighbourSpec.reachable(link, ip("fd00:9::2"), MAC_B).asRouter());
    Neighbour n = rtnl.neighbours().list(Rtm.AF_INET6, link).stream()
        .filter(e -> e.destination().equals(ip("fd00:9::2"))).findFirst().orElseThrow();
    assertEquals(MAC_B, n.linkAddress());
    assertTrue(n.reachable(), n.states().toString());
    assertTrue(n.router());
    JsonNode j = ipNeigh("fd00:9::2");
    assertEquals("02:00:00:00:bb:02", j.path("lladdr").asText());
    assertEquals(List.of("REACHABLE"), states(j));
    assertTrue(j.has("router"), j.toString());
  }

  @Test
  void addingAnExistingEntryFailsWithEexistAndReplaceChangesIt() throws Exception {
    NeighbourSpec first = NeighbourSpec.permanent(link, ip("10.9.0.3"), MAC_A);
    rtnl.neighbours().add(first);
    KernelException e = assertThrows(KernelException.class,
        () -> rtnl.neighbours().add(NeighbourSpec.permanent(link, ip("10.9.0.3"), MAC_B)));
    assertEquals("EEXIST", e.errnoName());
    assertTrue(e.getMessage().contains("add neighbour 10.9.0.3 lladdr 02:00:00:00:bb:02 on link " + link), e.getMessage());

    rtnl.neighbours().replace(NeighbourSpec.permanent(link, ip("10.9.0.3"), MAC_B));
    Neighbour n = rtnl.neighbours().list(Rtm.AF_INET, link).stream()
        .filter(x -> x.destination().equals(ip("10.9.0.3"))).findFirst().orElseThrow();
    assertEquals(MAC_B, n.linkAddress());
    assertEquals("02:00:00:00:bb:02", ipNeigh("10.9.0.3").path("lladdr").asText());
  }

  @Test
  void deletedEntryIsGoneAndDeletingAgainFailsWithEnoent() throws Exception {
    NeighbourSpec spec = NeighbourSpec.permanent(link, ip("10.9.0.4"), MAC_A);
    rtnl.neighbours().add(spec);
    rtnl.neighbours().delete(spec);
    assertFalse(rtnl.neighbours().list().stream().anyMatch(n -> ip("10.9.0.4").equals(n.destination())));
    assertEquals(null, ipNeigh("10.9.0.4"));
    KernelException e = assertThrows(KernelException.class, () -> rtnl.neighbours().delete(spec));
    assertEquals("ENOENT", e.errnoName());
    assertTrue(e.getMessage().contains("delete neighbour 10.9.0.4 on link " + link), e.getMessage());
  }

  @Test
  void listFiltersByFamilyAndLinkInTheKernel() throws Exception {
    rtnl.neighbours().add(NeighbourSpec.permanent(link, ip("10.9.0.5"), MAC_A));
    rtnl.neighbours().add(NeighbourSpec.permanent(link, ip("fd00:9::5"), MAC_B));
    int other = rtnl.links().get(LinkRef.name("nb1")).index();
    rtnl.neighbours().add(NeighbourSpec.permanent(other, ip("10.9.0.6"), MAC_B));

    List<Neighbour> v4 = rtnl.neighbours().list(Rtm.AF_INET, link);
    assertTrue(v4.stream().allMatch(n -> n.family() == Rtm.AF_INET && n.linkIndex() == link), v4.toString());
    assertTrue(v4.stream().anyMatch(n -> n.destination().equals(ip("10.9.0.5"))));
    List<Neighbour> all = rtnl.neighbours().list();
    assertTrue(all.stream().anyMatch(n -> n.destination().equals(ip("fd00:9::5"))));
    assertTrue(all.stream().anyMatch(n -> n.destination().equals(ip("10.9.0.6")) && n.linkIndex() == other));
    List<Neighbour> onOther = rtnl.neighbours().list(Rtm.AF_UNSPEC, other);
    assertTrue(onOther.stream().allMatch(n -> n.linkIndex() == other), onOther.toString());
  }

  @Test
  void proxyEntryIsListedAmongProxies() throws Exception {
    rtnl.neighbours().add(NeighbourSpec.proxy(link, ip("10.9.0.7")));
    List<Neighbour> proxies = rtnl.neighbours().listProxies(Rtm.AF_INET);
    assertTrue(proxies.stream().anyMatch(n -> n.proxy() && n.destination().equals(ip("10.9.0.7"))), proxies.toString());
    String text = Ip.run("neigh", "show", "proxy", "dev", "nb0");
    assertTrue(text.contains("10.9.0.7"), text);
    rtnl.neighbours().delete(NeighbourSpec.proxy(link, ip("10.9.0.7")));
    assertTrue(rtnl.neighbours().listProxies(Rtm.AF_INET).isEmpty());
  }

  @Test
  void unknownLinkIsRefusedWithEnodev() throws Exception {
    KernelException e = assertThrows(KernelException.class,
        () -> rtnl.neighbours().add(NeighbourSpec.permanent(99999, ip("10.9.0.8"), MAC_A)));
    assertEquals("ENODEV", e.errnoName());
  }

  @Test
  void badInputIsRefusedBeforeSending() throws Exception {
    InetAddress a = ip("10.9.0.9");
    assertThrows(IllegalArgumentException.class, () -> NeighbourSpec.permanent(0, a, MAC_A));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NeighbourSpec(link, a, MAC_A, NeighbourState.PERMANENT, false, true));
    assertTrue(e.getMessage().contains("proxy"), e.getMessage());
  }
}
