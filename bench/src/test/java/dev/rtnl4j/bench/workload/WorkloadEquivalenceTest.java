package dev.rtnl4j.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rtnl4j.testkit.Require;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The result of a workload run by rtnl4j (or by a baseline: libmnl, go-netlink) cannot be told
 * apart, with {@code ip -j}, from the result
 * of the same workload run with iproute2 commands: links, addresses and routes in the host and in
 * container namespaces, modulo interface indexes, MAC addresses (and what derives from them: IPv6
 * link-local addresses, bridge ids) and timers / timestamps.
 */
class WorkloadEquivalenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int N = 3;
  /** Values that differ from run to run by nature. */
  private static final Set<String> VOLATILE = Set.of("ifindex", "link_index", "link", "address", "perm_address",
      "link_netnsid", "stats", "stats64", "valid_life_time", "preferred_life_time", "cacheinfo", "parentbus", "parentdev",
      "carrier_changes", "carrier_up_count", "carrier_down_count", "bridge_id", "root_id", "designated_root",
      "designated_bridge");

  @Test
  void w1ByRtnl4jIsIndistinguishableFromW1ByIp() throws Exception {
    compare(Workload.W1, "rtnl4j");
  }

  @Test
  void w2ByRtnl4jIsIndistinguishableFromW2ByIp() throws Exception {
    compare(Workload.W2, "rtnl4j");
  }

  @Test
  void w1ByLibmnlIsIndistinguishableFromW1ByIp() throws Exception {
    BaselineImplementationTest.requireTools("libmnl");
    compare(Workload.W1, "libmnl");
  }

  @Test
  void w2ByLibmnlIsIndistinguishableFromW2ByIp() throws Exception {
    BaselineImplementationTest.requireTools("libmnl");
    compare(Workload.W2, "libmnl");
  }

  @Test
  void w1ByGoNetlinkIsIndistinguishableFromW1ByIp() throws Exception {
    BaselineImplementationTest.requireTools("go-netlink");
    compare(Workload.W1, "go-netlink");
  }

  /**
   * vishvananda/netlink's AddrAdd adds a broadcast address to every IPv4 address shorter than /31
   * (as {@code ip addr add ... brd +} would), and offers no way not to; so W2's lip/16 gets
   * brd 10.232.255.255. That, and nothing else, differs.
   */
  @Test
  void w2ByGoNetlinkDiffersFromW2ByIpOnlyInTheBroadcastTheLibraryAlwaysAdds() throws Exception {
    BaselineImplementationTest.requireTools("go-netlink");
    compare(Workload.W2, "go-netlink");
  }

  @Test
  void w1ByIpBatchIsIndistinguishableFromW1ByIp() throws Exception {
    Require.sandbox();
    Require.tool("/usr/sbin/ip", "iproute2");
    WorkloadSpec spec = new WorkloadSpec(Workload.W1, N, "b");
    Map<String, JsonNode> batch = runAndSnapshot(spec, Implementation.named("ip-batch"));
    Map<String, JsonNode> perCommand = runAndSnapshot(spec, Implementation.named("ip"));
    assertSame(perCommand, batch);
  }

  private void compare(Workload w, String impl) throws Exception {
    Require.sandbox();
    Require.tool("/usr/sbin/ip", "iproute2");
    WorkloadSpec spec = new WorkloadSpec(w, N, "c");
    Map<String, JsonNode> actual = runAndSnapshot(spec, Implementation.named(impl));
    if (impl.equals("go-netlink") && w == Workload.W2) {
      for (String container : List.of("c0 addr", "c2 addr")) {
        JsonNode removed = removeEth0Broadcast(actual.get(container));
        assertEquals("10.232.255.255", removed == null ? null : removed.asText(), actual.get(container).toString());
      }
    }
    Map<String, JsonNode> ip = runAndSnapshot(spec, Implementation.named("ip"));
    assertSame(ip, actual);
    // and the snapshot is about something: the links, addresses and routes of the workload are in it
    String host = actual.get("host addr").toString();
    assertTrue(host.contains("ve-c2"), host);
    if (w == Workload.W1) {
      assertTrue(host.contains("10.231.0.2"), host);
      assertTrue(actual.get("c2 route").toString().contains("\"gateway\":\"10.231.0.2\""), actual.get("c2 route").toString());
    } else {
      assertTrue(actual.get("host link").toString().contains("\"master\":\"br-c\""), actual.get("host link").toString());
      assertTrue(actual.get("c2 route").toString().contains("\"gateway\":\"10.232.255.254\""), actual.get("c2 route").toString());
    }
  }

  /** Removes the broadcast of eth0's IPv4 address from an {@code ip -j addr} listing; returns it (null if none). */
  private static JsonNode removeEth0Broadcast(JsonNode links) {
    for (JsonNode link : links) {
      if (link.path("ifname").asText().equals("eth0")) {
        for (JsonNode a : link.path("addr_info")) {
          if (a.path("family").asText().equals("inet")) {
            return ((ObjectNode) a).remove("broadcast");
          }
        }
      }
    }
    return null;
  }

  private static void assertSame(Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      assertEquals(expected.get(k).toPrettyString(), actual.get(k).toPrettyString(), "ip -j output differs for " + k);
    }
  }

  private Map<String, JsonNode> runAndSnapshot(WorkloadSpec spec, Implementation impl) throws Exception {
    NamespaceSetup.setUp(spec);
    try {
      assertTrue(impl.run(spec) > 0);
      settle(spec);
      Map<String, JsonNode> s = new LinkedHashMap<>();
      for (String where : List.of("host", spec.namespace(0), spec.namespace(N - 1))) {
        for (String what : List.of("link", "addr", "route", "-6 route")) {
          List<String> args = new ArrayList<>();
          if (!where.equals("host")) {
            args.add("-n");
            args.add(where);
          }
          args.addAll(List.of(what.split(" ")));
          args.add("show");
          s.put((where.equals(spec.namespace(N - 1)) ? "c2" : where.equals("host") ? "host" : "c0") + " " + what,
              normalise(ip(args)));
        }
      }
      return s;
    } finally {
      NamespaceSetup.tearDown(spec);
    }
  }

  /** Waits (up to 10 s) until carrier and DAD have settled: no link DOWN-but-up, no tentative address. */
  private static void settle(WorkloadSpec spec) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean settled = true;
      for (String where : List.of("host", spec.namespace(0), spec.namespace(N - 1))) {
        List<String> args = new ArrayList<>();
        if (!where.equals("host")) {
          args.add("-n");
          args.add(where);
        }
        args.addAll(List.of("addr", "show"));
        String out = ip(args).toString();
        if (out.contains("tentative") || out.contains("LOWERLAYERDOWN") || out.contains("\"operstate\":\"DOWN\"")) {
          settled = false;
        }
      }
      if (settled) {
        Thread.sleep(200); // let linkwatch's route flag updates land as well
        return;
      }
      Thread.sleep(100);
    }
  }

  private static JsonNode ip(List<String> args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("/usr/sbin/ip", "-j", "-d"));
    argv.addAll(args);
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), argv + ": " + out);
    return JSON.readTree(out.isBlank() ? "[]" : out);
  }

  /** Removes what differs by nature, and IPv6 link-local addresses' values (derived from the MAC). */
  static JsonNode normalise(JsonNode n) {
    if (n instanceof ObjectNode o) {
      Iterator<String> names = o.fieldNames();
      List<String> drop = new ArrayList<>();
      while (names.hasNext()) {
        String k = names.next();
        if (VOLATILE.contains(k) || k.endsWith("_timer")) {
          drop.add(k);
        }
      }
      o.remove(drop);
      if (o.has("local") && o.get("local").asText().startsWith("fe80:")) {
        o.put("local", "fe80::(from MAC)");
      }
      if (o.has("dst") && o.get("dst").asText().startsWith("fe80::") && !o.get("dst").asText().equals("fe80::/64")) {
        o.put("dst", "fe80::(from MAC)");
      }
      o.fields().forEachRemaining(e -> normalise(e.getValue()));
    } else if (n instanceof ArrayNode a) {
      a.forEach(WorkloadEquivalenceTest::normalise);
    }
    return n;
  }
}
