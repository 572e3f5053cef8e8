package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.netns.NetNamespaces;
import dev.rtnl4j.proto.BatchResult;
import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.proto.Request;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Event subscriptions against the real kernel: changes made here come back as typed events, in order. */
class NetworkEventsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private Rtnl rtnl;

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
          // went with its peer
        }
      }
    }
    rtnl.close();
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** One line per event, in plain words, for order checks. */
  private static String describe(NetworkEvent e) {
    if (e instanceof NetworkEvent.LinkAdded x) {
      return "link added " + x.link().name();
    }
    if (e instanceof NetworkEvent.LinkChanged x) {
      return "link changed " + x.link().name() + (x.link().up() ? " up" : " down")
          + (x.link().master() != 0 ? " master " + x.link().master() : "");
    }
    if (e instanceof NetworkEvent.LinkRemoved x) {
      return "link removed " + x.link().name();
    }
    if (e instanceof NetworkEvent.AddressAdded x) {
      return "address added " + x.address().local().getHostAddress() + "/" + x.address().prefixLength();
    }
    if (e instanceof NetworkEvent.AddressRemoved x) {
      return "address removed " + x.address().local().getHostAddress() + "/" + x.address().prefixLength();
    }
    if (e instanceof NetworkEvent.RouteAdded x) {
      return "route added " + x.route().destinationText() + " table " + x.route().table();
    }
    if (e instanceof NetworkEvent.RouteRemoved x) {
      return "route removed " + x.route().destinationText() + " table " + x.route().table();
    }
    if (e instanceof NetworkEvent.NeighbourAdded x) {
      return "neighbour added " + x.neighbour().destination().getHostAddress() + " " + x.neighbour().states();
    }
    if (e instanceof NetworkEvent.NeighbourRemoved x) {
      return "neighbour removed " + x.neighbour().destination().getHostAddress();
    }
    if (e instanceof NetworkEvent.Resync x) {
      return "resync " + x.reason();
    }
    throw new AssertionError("unknown event " + e);
  }

  /** Polls until {@code done} holds for the events so far, failing after WAIT without progress. */
  private static List<NetworkEvent> collectUntil(NetworkEvents events, java.util.function.Predicate<List<NetworkEvent>> done) {
    List<NetworkEvent> seen = new ArrayList<>();
    while (!done.test(seen)) {
      NetworkEvent e = events.poll(WAIT);
      assertNotNull(e, "no event within " + WAIT + "; so far: " + seen.stream().map(NetworkEventsTest::describe).toList());
      seen.add(e);
    }
    return seen;
  }

  private static boolean has(List<NetworkEvent> seen, String line) {
    return seen.stream().map(NetworkEventsTest::describe).anyMatch(line::equals);
  }

  private static void assertInOrder(List<String> expected, List<String> actual) {
    int i = 0;
    for (String a : actual) {
      if (i < expected.size() && a.equals(expected.get(i))) {
        i++;
      }
    }
    assertEquals(expected.size(), i, "expected in this order " + expected + " within " + actual);
  }

  @Test
  void linkAddressRouteAndNeighbourChangesArriveAsTypedEventsInOrder() {
    try (NetworkEvents events = NetworkEvents.subscribe(EnumSet.allOf(EventTopic.class), false)) {
      rtnl.links().create(LinkSpec.builder("ev0", Veth.withPeer(VethPeer.named("ev1"))).build());
      int ev0 = rtnl.links().get(LinkRef.name("ev0")).index();
      rtnl.links().setUp(LinkRef.index(ev0));
      AddressSpec addr = AddressSpec.of(ev0, ip("10.60.0.1"), 24);
      rtnl.addresses().add(addr);
      NeighbourSpec neigh = NeighbourSpec.permanent(ev0, ip("10.60.0.2"), MacAddress.parse("02:00:00:00:60:02"));
      rtnl.neighbours().add(neigh);
      rtnl.neighbours().delete(neigh);
      rtnl.addresses().delete(addr);
      rtnl.links().delete(LinkRef.index(ev0));

      List<NetworkEvent> seen = collectUntil(events, s -> has(s, "link removed ev0") && has(s, "link removed ev1"));
      List<String> lines = seen.stream().map(NetworkEventsTest::describe).toList();
      assertInOrder(List.of(
          "link added ev0",
          "link changed ev0 up",
          "address added 10.60.0.1/24",
          "route added 10.60.0.0/24 table 254",
          "neighbour added 10.60.0.2 [PERMANENT]",
          "neighbour removed 10.60.0.2",
          "address removed 10.60.0.1/24",
          "link removed ev0"), lines);
      assertTrue(lines.contains("link added ev1"), lines.toString());
      assertTrue(lines.contains("route added 10.60.0.1/32 table 255"), "the local route, in the local table: " + lines);
      assertEquals(1, lines.stream().filter("link added ev0"::equals).count(), lines.toString());
      assertEquals(1, lines.stream().filter("link removed ev0"::equals).count(), lines.toString());
      assertFalse(lines.stream().anyMatch(l -> l.startsWith("resync")), lines.toString());
      NetworkEvent.LinkAdded added = (NetworkEvent.LinkAdded) seen.stream()
          .filter(e -> e instanceof NetworkEvent.LinkAdded a && a.link().name().equals("ev0")).findFirst().orElseThrow();
      assertEquals("veth", added.link().kindName());
      assertEquals(ev0, added.link().index());
    }
  }

  @Test
  void bridgePortMessagesAreNotMistakenForLinksComingOrGoing() {
    try (NetworkEvents events = NetworkEvents.subscribe(Set.of(EventTopic.LINKS), false)) {
      rtnl.links().create(LinkSpec.builder("br-ev", Bridge.defaults()).index(950).build());
      rtnl.links().create(LinkSpec.builder("ev2", Veth.withPeer(VethPeer.named("ev3"))).build());
      rtnl.links().change(LinkRef.name("ev2"), LinkChange.none().master(950));
      rtnl.links().change(LinkRef.name("ev2"), LinkChange.none().noMaster());
      // a marker: every event of the changes above comes before its creation
      rtnl.links().create(LinkSpec.builder("ev-mark", Veth.withPeer(VethPeer.named("ev-mark-p"))).build());
      List<NetworkEvent> seen = collectUntil(events, s -> has(s, "link added ev-mark"));
      List<String> lines = seen.stream().map(NetworkEventsTest::describe).toList();
      assertTrue(lines.contains("link changed ev2 down master 950"), lines.toString());
      assertTrue(lines.contains("link changed ev2 down"), "left the bridge: " + lines);
      assertFalse(lines.contains("link removed ev2"),
          "the AF_BRIDGE RTM_DELLINK of leaving the bridge is not a removal: " + lines);
      assertEquals(1, lines.stream().filter("link added ev2"::equals).count(), lines.toString());
    }
  }

  @Test
  void initialStateComesFirstWhenAskedFor() {
    rtnl.links().create(LinkSpec.builder("ev4", Veth.withPeer(VethPeer.named("ev5"))).build());
    int ev4 = rtnl.links().get(LinkRef.name("ev4")).index();
    rtnl.addresses().add(AddressSpec.of(ev4, ip("10.61.0.1"), 24));
    rtnl.addresses().add(AddressSpec.of(ev4, ip("fd00:61::1"), 64));
    try (NetworkEvents events = NetworkEvents.subscribe(Set.of(EventTopic.LINKS, EventTopic.IPV4_ADDRESSES), true)) {
      NetworkEvent.Resync first = assertInstanceOf(NetworkEvent.Resync.class, events.poll(WAIT));
      assertEquals(NetworkEvent.Reason.INITIAL, first.reason());
      Set<String> names = first.state().links().stream().map(Link::name).collect(Collectors.toSet());
      assertEquals(Set.of("lo", "ev4", "ev5"), names);
      List<String> addresses = first.state().addresses().stream().map(a -> a.local().getHostAddress()).toList();
      assertEquals(List.of("10.61.0.1"), addresses, "IPv4 addresses only: IPv6 was not subscribed");
      assertTrue(first.state().routes().isEmpty(), "routes not subscribed");
      assertTrue(first.state().neighbours().isEmpty(), "neighbours not subscribed");
      // and changes follow it
      rtnl.links().setUp(LinkRef.index(ev4));
      List<NetworkEvent> seen = collectUntil(events, s -> has(s, "link changed ev4 up"));
      assertFalse(seen.stream().anyMatch(e -> e instanceof NetworkEvent.Resync));
    }
  }

  @Test
  void overrunBecomesAResyncWithTheTrueStateAndLaterEventsConverge() {
    try (NetworkEvents events = NetworkEvents.subscribe(Set.of(EventTopic.LINKS), false)) {
      events.setReceiveBufferSize(4096);
      // flood: 150 veth pairs created, 100 deleted, without reading a single event
      List<Request> creates = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        creates.add(Links.createRequest(LinkSpec.builder("fl" + i, Veth.withPeer(VethPeer.named("fp" + i))).build()));
      }
      BatchResult created = rtnl.channel().batch(creates);
      created.throwIfFailed();
      List<Request> deletes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        deletes.add(Links.deleteRequest(LinkRef.name("fl" + i)));
      }
      rtnl.channel().batch(deletes).throwIfFailed();

      NetworkEvent first = events.poll(WAIT);
      NetworkEvent.Resync resync = assertInstanceOf(NetworkEvent.Resync.class, first,
          "the overrun is reported before any event: " + (first == null ? null : describe(first)));
      assertEquals(NetworkEvent.Reason.OVERRUN, resync.reason());
      assertTrue(events.overruns() >= 1);

      TreeSet<String> state = resync.state().links().stream().map(Link::name).collect(Collectors.toCollection(TreeSet::new));
      // whatever came after the resync, applied in order
      NetworkEvent e;
      while ((e = events.poll(Duration.ofMillis(500))) != null) {
        if (e instanceof NetworkEvent.LinkAdded a) {
          state.add(a.link().name());
        } else if (e instanceof NetworkEvent.LinkRemoved r) {
          state.remove(r.link().name());
        } else if (e instanceof NetworkEvent.Resync r) {
          state.clear();
          r.state().links().forEach(l -> state.add(l.name()));
        }
      }
      TreeSet<String> truth = rtnl.links().list().stream().map(Link::name).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(101, truth.size(), "lo and 50 pairs");
      assertEquals(truth, state);
      TreeSet<String> ipNames = new TreeSet<>();
      for (JsonNode l : Ip.json("link", "show")) {
        ipNames.add(l.get("ifname").asText());
      }
      assertEquals(ipNames, state);
    }
  }

  @Test
  void subscriptionInANamespaceSeesThatNamespaceOnly() throws Exception {
    try (NetNamespace ns = NetNamespaces.standard().create("ev-ns");
        NetworkEvents inside = NetworkEvents.subscribe(ns, Set.of(EventTopic.LINKS), false);
        NetworkEvents here = NetworkEvents.subscribe(Set.of(EventTopic.LINKS), false)) {
      rtnl.links().create(LinkSpec.builder("ev6", Veth.withPeer(VethPeer.named("eth0").in(NamespaceRef.of(ns)))).build());
      List<NetworkEvent> seenInside = collectUntil(inside, s -> has(s, "link added eth0"));
      assertFalse(has(seenInside, "link added ev6"), seenInside.stream().map(NetworkEventsTest::describe).toList().toString());
      List<NetworkEvent> seenHere = collectUntil(here, s -> has(s, "link added ev6"));
      assertFalse(has(seenHere, "link added eth0"));
    } finally {
      NetNamespaces.standard().delete("ev-ns");
    }
  }

  @Test
  void streamDeliversEventsAndEndsWhenTheSubscriptionCloses() throws Exception {
    NetworkEvents events = NetworkEvents.subscribe(Set.of(EventTopic.LINKS), false);
    CompletableFuture<List<String>> consumer = CompletableFuture.supplyAsync(
        () -> events.stream().map(NetworkEventsTest::describe).toList(),
        r -> new Thread(r).start());
    rtnl.links().create(LinkSpec.builder("ev7", Veth.withPeer(VethPeer.named("ev8"))).build());
    rtnl.links().delete(LinkRef.name("ev7"));
    Thread.sleep(300);
    events.close();
    List<String> lines = consumer.get(5, TimeUnit.SECONDS);
    assertInOrder(List.of("link added ev7", "link removed ev7"), lines);
  }
}
