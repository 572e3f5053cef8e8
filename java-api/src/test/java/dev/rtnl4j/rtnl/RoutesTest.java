package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.KernelException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routes against the real kernel, read back by rtnl4j and by {@code ip -j route}. */
class RoutesTest {
  private Rtnl rtnl;
  private static final int DEV = 88;
  private static final int DEV2 = 90;

  @BeforeEach
  void open() {
    Sandbox.require();
    rtnl = Rtnl.open();
    rtnl.links().create(LinkSpec.builder("rt0", Veth.withPeer(VethPeer.named("rt0p"))).index(DEV).up().build());
    rtnl.links().create(LinkSpec.builder("rt1", Veth.withPeer(VethPeer.named("rt1p"))).index(DEV2).up().build());
    rtnl.links().setUp(LinkRef.name("rt0p"));
    rtnl.links().setUp(LinkRef.name("rt1p"));
    rtnl.addresses().add(AddressSpec.of(DEV, ip("10.88.0.1"), 24));
    rtnl.addresses().add(AddressSpec.of(DEV2, ip("10.90.0.1"), 24));
    rtnl.addresses().add(AddressSpec.of(DEV, ip("2001:db8:88::1"), 64).noDad());
  }

  @AfterEach
  void close() {
    rtnl.links().delete(LinkRef.index(DEV));
    rtnl.links().delete(LinkRef.index(DEV2));
    rtnl.close();
  }

  private static InetAddress ip(String s) {
    return Literal.ip(s);
  }

  private Route find(int family, int table, String dst) {
    return rtnl.routes().list(family, table).stream().filter(r -> r.destinationText().equals(dst)).findFirst().orElse(null);
  }

  private static JsonNode ipRoute(String dst, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("route", "show"));
    args.addAll(List.of(extra));
    for (JsonNode r : Ip.json(args.toArray(String[]::new))) {
      if (r.get("dst").asText().equals(dst)) {
        return r;
      }
    }
    return null;
  }

  @Test
  void routeThroughLinkIsScopeLinkProtoBootLikeIproute2() {
    rtnl.routes().add(RouteSpec.to(ip("192.0.2.0"), 24).dev(DEV).build());
    Route r = find(Rtm.AF_INET, Rtm.RT_TABLE_MAIN, "192.0.2.0/24");
    assertNotNull(r);
    assertEquals(Rtm.RT_SCOPE_LINK, r.scope());
    assertEquals(Rtm.RTPROT_BOOT, r.protocol());
    assertEquals(DEV, r.outputLink());
    JsonNode w = ipRoute("192.0.2.0/24");
    assertEquals("rt0", w.get("dev").asText());
    assertEquals("link", w.get("scope").asText());
    assertEquals("boot", w.get("protocol").asText());
  }

  @Test
  void gatewayRouteInBigTableWithMetricProtocolAndSource() {
    rtnl.routes().add(RouteSpec.to(ip("198.51.100.0"), 24).via(ip("10.88.0.2")).table(1000).metric(42)
        .protocol(Rtm.RTPROT_STATIC).source(ip("10.88.0.1")).build());
    assertNull(find(Rtm.AF_INET, Rtm.RT_TABLE_MAIN, "198.51.100.0/24"), "not in main");
    Route r = find(Rtm.AF_INET, 1000, "198.51.100.0/24");
    assertNotNull(r);
    assertEquals(1000, r.table());
    assertEquals(42, r.metric());
    assertEquals(Rtm.RTPROT_STATIC, r.protocol());
    assertEquals(ip("10.88.0.2"), r.gateway());
    assertEquals(ip("10.88.0.1"), r.preferredSource());
    assertEquals(DEV, r.outputLink());
    JsonNode w = ipRoute("198.51.100.0/24", "table", "1000");
    assertEquals("10.88.0.2", w.get("gateway").asText());
    assertEquals(42, w.get("metric").asInt());
    assertEquals("static", w.get("protocol").asText());
    assertEquals("10.88.0.1", w.get("prefsrc").asText());
  }

  @Test
  void blackholeUnreachableProhibitAndLocalRoutes() {
    rtnl.routes().add(RouteSpec.to(ip("203.0.113.0"), 26).type(RouteType.BLACKHOLE).build());
    rtnl.routes().add(RouteSpec.to(ip("203.0.113.64"), 26).type(RouteType.UNREACHABLE).build());
    rtnl.routes().add(RouteSpec.to(ip("203.0.113.128"), 26).type(RouteType.PROHIBIT).build());
    rtnl.routes().add(RouteSpec.to(ip("203.0.113.200"), 32).type(RouteType.LOCAL).dev(DEV).table(Rtm.RT_TABLE_LOCAL).build());
    assertEquals(RouteType.BLACKHOLE, find(Rtm.AF_INET, Rtm.RT_TABLE_MAIN, "203.0.113.0/26").routeType());
    assertEquals(RouteType.UNREACHABLE, find(Rtm.AF_INET, Rtm.RT_TABLE_MAIN, "203.0.113.64/26").routeType());
    assertEquals(RouteType.PROHIBIT, find(Rtm.AF_INET, Rtm.RT_TABLE_MAIN, "203.0.113.128/26").routeType());
    Route local = find(Rtm.AF_INET, Rtm.RT_TABLE_LOCAL, "203.0.113.200/32");
    assertEquals(RouteType.LOCAL, local.routeType());
    assertEquals(Rtm.RT_SCOPE_HOST, local.scope());
    assertEquals("blackhole", ipRoute("203.0.113.0/26").get("type").asText());
    assertEquals("unreachable", ipRoute("203.0.113.64/26").get("type").asText());
    assertEquals("prohibit", ipRoute("203.0.113.128/26").get("type").asText());
    assertEquals("local", ipRoute("203.0.113.200", "table", "local").get("type").asText());
  }

  @Test
  void onlinkDefaultRouteAndLookup() {
    // a gateway outside every connected prefix is only accepted on-link
    KernelException e = assertThrows(KernelException.class,
        () -> rtnl.routes().add(RouteSpec.defaultRoute(Rtm.AF_INET).via(ip("172.16.5.5")).dev(DEV).build()));
    assertEquals("ENETUNREACH", e.errnoName());
    assertTrue(e.getMessage().contains("add route default via 172.16.5.5 dev 88"), e.getMessage());
    rtnl.routes().add(RouteSpec.defaultRoute(Rtm.AF_INET).via(ip("172.16.5.5")).dev(DEV).onlink().build());
    Route d = find(Rtm.AF_INET, Rtm.RT_TABLE_MAIN, "default");
    assertNotNull(d);
    assertTrue((d.flags() & Rtm.RTNH_F_ONLINK) != 0);
    JsonNode w = ipRoute("default");
    assertTrue(w.get("flags").toString().contains("onlink"), w.toString());
    Route looked = rtnl.routes().lookup(ip("8.8.8.8"));
    assertEquals(ip("172.16.5.5"), looked.gateway());
    assertEquals(DEV, looked.outputLink());
    Route direct = rtnl.routes().lookup(ip("10.90.0.77"));
    assertEquals(DEV2, direct.outputLink());
    assertNull(direct.gateway());
  }

  @Test
  void multipathRouteKeepsItsNexthopsAndWeights() {
    rtnl.routes().add(RouteSpec.to(ip("100.64.0.0"), 16)
        .nexthops(List.of(Nexthop.via(ip("10.88.0.2"), DEV).withWeight(3), Nexthop.via(ip("10.90.0.2"), DEV2))).build());
    Route r = find(Rtm.AF_INET, Rtm.RT_TABLE_MAIN, "100.64.0.0/16");
    assertEquals(2, r.nexthops().size());
    assertEquals(ip("10.88.0.2"), r.nexthops().get(0).gateway());
    assertEquals(3, r.nexthops().get(0).weight());
    assertEquals(DEV2, r.nexthops().get(1).linkIndex());
    JsonNode w = ipRoute("100.64.0.0/16");
    assertEquals(2, w.get("nexthops").size());
    assertEquals(3, w.get("nexthops").get(0).get("weight").asInt());
    assertEquals("rt1", w.get("nexthops").get(1).get("dev").asText());
  }

  @Test
  void replaceAndDeleteIpv6Route() {
    rtnl.routes().add(RouteSpec.to(ip("2001:db8:99::"), 48).via(ip("2001:db8:88::2")).metric(10).build());
    Route r = find(Rtm.AF_INET6, Rtm.RT_TABLE_MAIN, "2001:db8:99:0:0:0:0:0/48");
    assertNotNull(r);
    assertEquals(ip("2001:db8:88::2"), r.gateway());
    rtnl.routes().replace(RouteSpec.to(ip("2001:db8:99::"), 48).dev(DEV).metric(10).build());
    r = find(Rtm.AF_INET6, Rtm.RT_TABLE_MAIN, "2001:db8:99:0:0:0:0:0/48");
    assertNull(r.gateway());
    assertNull(Ip.json("-6", "route", "show", "2001:db8:99::/48").get(0).get("gateway"));
    rtnl.routes().delete(RouteSpec.to(ip("2001:db8:99::"), 48).dev(DEV).metric(10).build());
    assertNull(find(Rtm.AF_INET6, Rtm.RT_TABLE_MAIN, "2001:db8:99:0:0:0:0:0/48"));
    assertEquals(0, Ip.json("-6", "route", "show", "2001:db8:99::/48").size());
    KernelException e = assertThrows(KernelException.class,
        () -> rtnl.routes().delete(RouteSpec.to(ip("2001:db8:99::"), 48).dev(DEV).metric(10).build()));
    assertEquals("ESRCH", e.errnoName());
  }
}
