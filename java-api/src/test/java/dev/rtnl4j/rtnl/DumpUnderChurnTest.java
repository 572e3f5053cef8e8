package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.DumpResult;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.sys.NetlinkSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Dumps of links, addresses and routes (through the public API's flagged listings) taken while another thread creates and deletes links as
 * fast as it can: each is either consistent (every stable object present exactly once, every
 * object well-formed, names and indexes agreeing) or flagged as interrupted after its bounded
 * retries; never silently wrong.
 */
class DumpUnderChurnTest {
  private static final int STABLE = 40;
  private static final int BASE_INDEX = 3000;

  @Test
  void dumpsRacingWithLinkChurnAreConsistentOrFlaggedNeverWrong() throws Exception {
    Sandbox.require();
    try (Rtnl rtnl = Rtnl.open()) {
      for (int i = 0; i < STABLE; i++) {
        int index = BASE_INDEX + i;
        rtnl.links().create(LinkSpec.builder("st" + i, Veth.withPeer(VethPeer.named("stp" + i))).index(index).up().build());
        rtnl.addresses().add(AddressSpec.of(index, Literal.ip("10.77." + i + ".1"), 32));
        rtnl.routes().add(RouteSpec.to(Literal.ip("10.78." + i + ".0"), 24).dev(index).build());
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger churned = new AtomicInteger();
      Thread churn = new Thread(() -> {
        try (Rtnl other = Rtnl.open()) {
          while (!stop.get()) {
            other.links().create(LinkSpec.builder("ch0", Veth.withPeer(VethPeer.named("ch0p"))).up().build());
            other.addresses().add(AddressSpec.of(other.links().get(LinkRef.name("ch0")).index(),
                Literal.ip("10.79.0.1"), 32));
            other.links().delete(LinkRef.name("ch0"));
            churned.incrementAndGet();
          }
        }
      });
      churn.start();
      int consistent = 0;
      int flagged = 0;
      try (Rtnl lister = new Rtnl(new NetlinkChannel(NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE), true, 3))) {
        // at least 150 rounds, and on until 50 links have churned beside them (a loaded machine churns slower)
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int round = 0; (round < 150 || churned.get() <= 50) && System.nanoTime() < deadline; round++) {
          DumpResult<Link> links = lister.links().listFiltered(null, 0);
          DumpResult<Address> addrs = lister.addresses().dump(Rtm.AF_INET, 0);
          DumpResult<Route> routes = lister.routes().dump(Rtm.AF_INET, 0);
          for (DumpResult<?> r : List.of(links, addrs, routes)) {
            if (r.interrupted()) {
              flagged++;
              assertEquals(3, r.attempts(), "flagged only after the bounded retries");
            } else {
              consistent++;
            }
          }
          checkLinks(links);
          checkAddresses(addrs);
          checkRoutes(routes);
        }
      } finally {
        stop.set(true);
        churn.join();
      }
      System.out.printf("dump under churn: %d consistent, %d flagged, %d links churned%n", consistent, flagged, churned.get());
      assertTrue(churned.get() > 50, "the churn really ran: " + churned.get());
      assertTrue(consistent > 0, "some dumps were consistent");
    }
  }

  /** Every link well-formed and unique; when consistent, every stable pair present with its index. */
  private static void checkLinks(DumpResult<Link> r) {
    Set<Integer> indexes = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (Link l : r.items()) {
      assertTrue(l.index() > 0, "index " + l);
      assertNotNull(l.name(), "name " + l);
      assertTrue(!l.name().isEmpty() && l.name().length() <= 15, "name " + l.name());
      assertTrue(l.mtu() > 0, "mtu " + l);
      if (!r.interrupted()) {
        assertTrue(indexes.add(l.index()), "index " + l.index() + " twice in a consistent dump");
        assertTrue(names.add(l.name()), "name " + l.name() + " twice in a consistent dump");
      }
      if (l.name().matches("st\\d+")) {
        assertEquals(BASE_INDEX + Integer.parseInt(l.name().substring(2)), l.index(), "name and index agree: " + l);
      }
    }
    if (!r.interrupted()) {
      for (int i = 0; i < STABLE; i++) {
        assertTrue(names.contains("st" + i) && names.contains("stp" + i), "stable pair " + i + " in a consistent dump");
      }
      assertTrue(names.contains("lo"));
      long churn = r.items().stream().filter(l -> l.name().startsWith("ch0")).count();
      assertTrue(churn == 0 || churn == 2, "a veth pair appears whole or not at all: " + churn);
    }
  }

  private static void checkAddresses(DumpResult<Address> r) {
    Set<String> seen = new HashSet<>();
    for (Address a : r.items()) {
      assertTrue(a.linkIndex() > 0 && a.local() != null, "well-formed " + a);
      assertTrue(seen.add(a.linkIndex() + " " + a.text()) || r.interrupted(), "address twice: " + a);
      if (a.text().startsWith("10.77.")) {
        int i = Integer.parseInt(a.text().split("[./]")[2]);
        assertEquals(BASE_INDEX + i, a.linkIndex(), "stable address on its own link: " + a);
      }
    }
    if (!r.interrupted()) {
      for (int i = 0; i < STABLE; i++) {
        assertTrue(seen.contains((BASE_INDEX + i) + " 10.77." + i + ".1/32"), "stable address " + i + ": " + seen);
      }
    }
  }

  private static void checkRoutes(DumpResult<Route> r) {
    Set<String> seen = new HashSet<>();
    int stable = 0;
    for (Route rt : r.items()) {
      assertTrue(rt.prefixLength() >= 0 && rt.prefixLength() <= 32, "well-formed " + rt);
      String key = rt.table() + " " + rt.destination() + "/" + rt.prefixLength() + " " + rt.outputLink() + " " + rt.type();
      assertTrue(seen.add(key) || r.interrupted(), "route twice: " + key);
      if (rt.destination() != null && rt.destination().getHostAddress().startsWith("10.78.") && rt.prefixLength() == 24) {
        int i = Integer.parseInt(rt.destination().getHostAddress().split("\\.")[2]);
        assertEquals(BASE_INDEX + i, rt.outputLink(), "stable route through its own link: " + rt);
        stable++;
      }
    }
    if (!r.interrupted()) {
      assertEquals(STABLE, stable, "every stable route in a consistent dump");
    }
  }
}
