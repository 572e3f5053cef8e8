package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rtnl4j.testkit.Require;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rtnl4j link/addr/route/neigh show -j} against {@code ip -j} on the same kernel state: the
 * same objects, and equal values in every field both print.
 */
class ListingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void network() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/sbin/ip", "iproute2");
    // no duplicate address detection: addresses do not change state between the two listings
    for (String conf : List.of("all", "default")) {
      Files.writeString(Path.of("/proc/sys/net/ipv6/conf/" + conf + "/accept_dad"), "0");
    }
    ip("link", "set", "lo", "up");
    ip("link", "add", "lst0", "type", "veth", "peer", "name", "lst1");
    ip("link", "add", "lbr0", "type", "bridge");
    ip("link", "set", "lst1", "master", "lbr0");
    ip("link", "set", "lst0", "up", "mtu", "1400");
    ip("link", "set", "lst1", "up");
    ip("addr", "add", "10.77.0.1/24", "brd", "+", "dev", "lst0");
    ip("addr", "add", "10.77.1.1/32", "dev", "lst0", "label", "lst0:a");
    ip("-6", "addr", "add", "fd77::1/64", "dev", "lst0", "nodad");
    ip("route", "add", "10.78.0.0/16", "via", "10.77.0.2");
    ip("route", "add", "10.79.0.0/16", "dev", "lst0", "metric", "50", "proto", "static");
    ip("route", "add", "blackhole", "10.80.0.0/16");
    ip("-6", "route", "add", "fd78::/64", "via", "fd77::2", "metric", "300");
    ip("neigh", "add", "10.77.0.7", "lladdr", "02:00:00:00:00:07", "dev", "lst0");
    ip("neigh", "add", "fd77::7", "lladdr", "02:00:00:00:00:77", "dev", "lst0", "nud", "stale");
    ip("netns", "add", "lst-ns");
    ip("link", "add", "lst2", "type", "veth", "peer", "name", "eth9", "netns", "lst-ns");
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (String l : List.of("lst0", "lbr0", "lst2")) {
      new ProcessBuilder("ip", "link", "del", l).start().waitFor();
    }
    new ProcessBuilder("ip", "netns", "del", "lst-ns").start().waitFor();
  }

  private static String ip(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("/usr/sbin/ip"));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
    return out;
  }

  private static JsonNode rtnl4j(String... args) throws Exception {
    CliRun r = CliRun.of(args);
    assertEquals(0, r.status(), r.toString());
    return JSON.readTree(r.out());
  }

  /** Objects of both lists by key; same keys; every field both have is equal. */
  private static void assertSameObjects(JsonNode ours, JsonNode theirs, Function<JsonNode, String> key, String what) {
    Map<String, JsonNode> a = byKey(ours, key);
    Map<String, JsonNode> b = byKey(theirs, key);
    assertEquals(b.keySet(), a.keySet(), what + ": the same objects");
    for (String k : a.keySet()) {
      int shared = assertSharedFieldsEqual(a.get(k), b.get(k), what + " " + k);
      assertTrue(shared >= 2, what + " " + k + ": only " + shared + " fields in common");
    }
  }

  private static int assertSharedFieldsEqual(JsonNode ours, JsonNode theirs, String where) {
    int shared = 0;
    for (Iterator<String> it = ours.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (theirs.has(f) && !f.equals("addr_info")) {
        assertEquals(theirs.get(f), ours.get(f), where + ": field " + f);
        shared++;
      }
    }
    return shared;
  }

  private static Map<String, JsonNode> byKey(JsonNode list, Function<JsonNode, String> key) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (JsonNode n : list) {
      assertFalse(m.containsKey(key.apply(n)), "duplicate " + key.apply(n));
      m.put(key.apply(n), n);
    }
    return m;
  }

  @Test
  void linkShowJsonMatchesIpJ() throws Exception {
    JsonNode ours = rtnl4j("link", "show", "-j");
    assertSameObjects(ours, JSON.readTree(ip("-j", "link", "show")), n -> n.get("ifindex").asText(), "link");
    JsonNode lst0 = byKey(ours, n -> n.get("ifname").asText()).get("lst0");
    assertEquals(1400, lst0.get("mtu").asInt());
    assertEquals("lst1", lst0.get("link").asText());
    assertEquals("lbr0", byKey(ours, n -> n.get("ifname").asText()).get("lst1").get("master").asText());
    for (String f : List.of("ifindex", "ifname", "flags", "mtu", "qdisc", "operstate", "link_type", "address", "broadcast")) {
      assertTrue(lst0.has(f), "link field " + f + ": " + lst0);
    }
    JsonNode lst2 = byKey(ours, n -> n.get("ifname").asText()).get("lst2");
    assertEquals(JSON.readTree(ip("-j", "link", "show", "lst2")).get(0).get("link_netnsid"), lst2.get("link_netnsid"));
  }

  @Test
  void linkShowInANamedNamespaceMatchesIpNJ() throws Exception {
    JsonNode ours = rtnl4j("link", "show", "-n", "lst-ns", "-j");
    assertSameObjects(ours, JSON.readTree(ip("-n", "lst-ns", "-j", "link", "show")), n -> n.get("ifindex").asText(), "netns link");
    assertEquals(2, ours.size(), ours.toString());
  }

  @Test
  void addrShowJsonMatchesIpJIncludingEachAddress() throws Exception {
    JsonNode ours = rtnl4j("addr", "show", "-j");
    JsonNode theirs = JSON.readTree(ip("-j", "addr", "show"));
    assertSameObjects(ours, theirs, n -> n.get("ifindex").asText(), "addr link");
    Map<String, JsonNode> t = byKey(theirs, n -> n.get("ifindex").asText());
    int compared = 0;
    for (JsonNode link : ours) {
      Function<JsonNode, String> key = a -> a.get("local").asText() + "/" + a.get("prefixlen").asText();
      Map<String, JsonNode> a = byKey(link.get("addr_info"), key);
      Map<String, JsonNode> b = byKey(t.get(link.get("ifindex").asText()).get("addr_info"), key);
      assertEquals(b.keySet(), a.keySet(), "addresses of " + link.get("ifname"));
      for (String k : a.keySet()) {
        assertSharedFieldsEqual(a.get(k), b.get(k), "address " + k);
        for (String f : List.of("family", "local", "prefixlen", "scope")) {
          assertTrue(a.get(k).has(f), f + " in " + a.get(k));
        }
        compared++;
      }
    }
    assertTrue(compared >= 5, "addresses compared: " + compared);
    JsonNode lst0 = byKey(ours, n -> n.get("ifname").asText()).get("lst0").get("addr_info");
    Map<String, JsonNode> mine = byKey(lst0, a -> a.get("local").asText());
    assertEquals("lst0:a", mine.get("10.77.1.1").get("label").asText());
    assertEquals("10.77.0.255", mine.get("10.77.0.1").get("broadcast").asText());
    assertEquals("inet6", mine.get("fd77::1").get("family").asText());
  }

  @Test
  void routeShowJsonMatchesIpJForBothFamilies() throws Exception {
    Function<JsonNode, String> key = n -> n.path("type").asText("unicast") + " " + n.get("dst").asText() + " " + n.path("dev").asText();
    JsonNode v4 = rtnl4j("route", "show", "-j");
    assertSameObjects(v4, JSON.readTree(ip("-j", "route", "show")), key, "route");
    Map<String, JsonNode> m = byKey(v4, key);
    assertEquals("10.77.0.2", m.get("unicast 10.78.0.0/16 lst0").get("gateway").asText());
    assertEquals(50, m.get("unicast 10.79.0.0/16 lst0").get("metric").asInt());
    assertEquals("static", m.get("unicast 10.79.0.0/16 lst0").get("protocol").asText());
    assertTrue(m.containsKey("blackhole 10.80.0.0/16 "), m.keySet().toString());
    JsonNode v6 = rtnl4j("route", "show", "-6", "-j");
    assertSameObjects(v6, JSON.readTree(ip("-6", "-j", "route", "show")), key, "route6");
    assertEquals(300, byKey(v6, key).get("unicast fd78::/64 lst0").get("metric").asInt());
  }

  @Test
  void neighShowJsonMatchesIpJ() throws Exception {
    Function<JsonNode, String> key = n -> n.get("dst").asText() + " " + n.get("dev").asText();
    JsonNode ours = rtnl4j("neigh", "show", "-j");
    assertSameObjects(ours, JSON.readTree(ip("-j", "neigh", "show")), key, "neigh");
    Map<String, JsonNode> m = byKey(ours, key);
    assertEquals("02:00:00:00:00:07", m.get("10.77.0.7 lst0").get("lladdr").asText());
    assertEquals("[\"PERMANENT\"]", m.get("10.77.0.7 lst0").get("state").toString());
    assertEquals("[\"STALE\"]", m.get("fd77::7 lst0").get("state").toString());
  }

  @Test
  void textListingsReadLikeIps() throws Exception {
    CliRun link = CliRun.of("link", "show", "lst0");
    assertEquals(0, link.status(), link.toString());
    assertTrue(link.out().matches("(?s)\\d+: lst0@lst1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP qlen 1000\n"
        + "    link/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff\n"), link.out());
    CliRun route = CliRun.of("route", "show");
    assertTrue(route.out().contains("10.78.0.0/16 via 10.77.0.2 dev lst0\n"), route.out());
    assertTrue(route.out().contains("10.79.0.0/16 dev lst0 proto static scope link metric 50\n"), route.out());
    CliRun addr = CliRun.of("addr", "show", "lst0");
    assertTrue(addr.out().contains("    inet 10.77.0.1/24 brd 10.77.0.255 scope global lst0\n"), addr.out());
  }
}
