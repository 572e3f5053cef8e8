package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BootBenchTest {

  @Test
  void threeBusyboxContainersTwoAtATimeWriteEveryPhaseAsJsonAndLeaveNothingBehind() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-bootbench-");
    Path json = dir.resolve("b1.json");
    Path html = dir.resolve("b1.html");
    String linksBefore = CliRun.of("link", "show").out();

    CliRun r = CliRun.of("bootbench", "--containers", "3", "--concurrency", "2", "--image", "busybox",
        "--json", json.toString(), "--html", html.toString());

    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().matches("(?s).*\n  netns    p50 +[0-9.]+ ms  p90 +[0-9.]+ ms  p99 +[0-9.]+ ms  max +[0-9.]+ ms\n.*"), r.out());
    assertTrue(r.out().contains("\n  spawned  p50"), r.out());
    assertTrue(r.out().contains("\n  ready    p50"), r.out());
    assertTrue(r.out().matches("(?s).*\nb1 image=busybox mode=prepared k=3 c=2 started=3 wall_ms=[0-9.]+ .*"), r.out());
    assertTrue(r.out().matches("(?s).*\n  rtnl4j_share_ms p50=[0-9.]+ p90=[0-9.]+ max=[0-9.]+ first=[0-9.]+ cpu_p50=[0-9.]+ alongside_p50=[0-9.]+ alongside_cpu_p50=[0-9.]+\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\n  rtnl4j_share_steps_ms p50 elapsed/cpu: check=[0-9.]+/[0-9.]+ cleanup=[0-9.]+/[0-9.]+ .*network=[0-9.]+/[0-9.]+ .*spawn=[0-9.]+/[0-9.]+ .*"), r.out());

    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertEquals("B1", root.get("workload").asText());
    JsonNode run = root.get("runs").get(0);
    assertEquals("busybox", run.get("image").asText());
    assertEquals("prepared", run.get("mode").asText());
    assertEquals(3, run.get("containers").asInt());
    assertEquals(2, run.get("concurrency").asInt());
    assertTrue(run.get("wall_ms").asDouble() > 0);
    for (String phase : new String[] {"netns", "spawned", "ready"}) {
      JsonNode s = run.get("stats").get(phase);
      assertEquals(3, s.get("count").asInt(), phase);
      assertTrue(s.get("p50").asDouble() <= s.get("p90").asDouble() && s.get("p90").asDouble() <= s.get("max").asDouble(), s.toString());
    }
    JsonNode cs = run.get("containers_detail");
    assertEquals(3, cs.size());
    for (JsonNode c : cs) {
      assertTrue(c.get("started").asBoolean(), c.toString());
      double netns = c.get("netns_ms").asDouble();
      double exec = c.get("exec_ms").asDouble();
      double spawned = c.get("spawned_ms").asDouble();
      double ready = c.get("ready_ms").asDouble();
      assertTrue(0 < netns && netns <= exec && exec <= spawned && spawned <= ready, c.toString());
      double share = c.get("rtnl4j_share_ms").asDouble();
      assertTrue(0 < share && share < ready, "rtnl4j's share is part of the start: " + c);
    }
    assertEquals(0, run.get("cleanup_problems").size());

    String page = Files.readString(html);
    assertTrue(page.contains("<section id=\"b1-busybox-prepared\">") && page.contains("<svg"), page);

    try (var s = Files.list(Path.of("/run/netns"))) {
      assertEquals(0, s.count(), "namespaces left behind");
    }
    assertEquals(linksBefore, CliRun.of("link", "show").out(), "links left behind");
    assertTrue(ProcessHandle.current().children().findAny().isEmpty(), "processes left behind");
  }

  @Test
  void modeAllRunsPreparedCompatAndSeedInterleavedAndComparesTheirWallTimes() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");

    CliRun r = CliRun.of("bootbench", "--containers", "2", "--concurrency", "2", "--image", "busybox",
        "--mode", "all", "--rounds", "2", "--prefix", "bt");

    assertEquals(0, r.status(), r.toString());
    // round 1: prepared, compat, seed; round 2 starts with the next mode
    java.util.List<String> order = r.out().lines().filter(l -> l.startsWith("b1 image=busybox"))
        .map(l -> l.replaceAll(".* mode=(\\S+) .*", "$1")).toList();
    assertEquals(java.util.List.of("prepared", "compat", "seed", "compat", "seed", "prepared"), order, r.out());
    assertTrue(r.out().matches("(?s).*\n  seed     wall median +[0-9.]+ ms .*"), r.out());
    assertTrue(r.out().matches("(?s).*\n  prepared/seed wall ratio [0-9.]+ \\(prepared is [0-9.]+% (faster|slower)\\)\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\nb1-compare prepared_wall_ms=[0-9.]+ compat_wall_ms=[0-9.]+ seed_wall_ms=[0-9.]+ "
        + "prepared_over_seed=[0-9.]+ prepared_over_compat=[0-9.]+\n?$"), r.out());
    try (var s = Files.list(Path.of("/run/netns"))) {
      assertEquals(0, s.count(), "namespaces left behind");
    }
    assertTrue(ProcessHandle.current().children().findAny().isEmpty(), "processes left behind");
  }

  @Test
  void floorRunsTheCFloorOfTheShareAfterEachSerialPreparedRoundAndComparesTheMedians() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    Require.tool("/usr/bin/gcc", "gcc");
    Require.that(Files.exists(Path.of("/usr/include/libmnl/libmnl.h")), "libmnl's headers are missing: install libmnl-dev");
    String linksBefore = CliRun.of("link", "show").out();

    CliRun r = CliRun.of("bootbench", "--containers", "2", "--serial", "--rounds", "2", "--floor", "3",
        "--prefix", "bf");

    assertEquals(0, r.status(), r.toString());
    assertEquals(2, r.out().lines().filter(l -> l.equals(
        "B1 image=busybox mode=prepared: 2 containers, one start after another (ms from launch requested)")).count(), r.out());
    assertTrue(r.out().matches("(?s).*\nb1 image=busybox mode=prepared k=2 c=1 started=2 .*"), r.out());
    assertEquals(2, r.out().lines().filter(l -> l.matches(
        "  b1share impl=libmnl n=3 p50_us=[0-9.]+ p90_us=[0-9.]+ min_us=[0-9.]+ max_us=[0-9.]+"
        + " check_p50_us=[0-9.]+ cleanup_p50_us=[0-9.]+ network_p50_us=[0-9.]+ spawn_p50_us=[0-9.]+"
        + " record_p50_us=[0-9.]+ ahead_p50_us=[0-9.]+")).count(), r.out());
    assertTrue(r.out().matches("(?s).*\n  round 2  rtnl4j +[0-9.]+  libmnl +[0-9.]+  ratio +[0-9.]+\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\nb1share-compare rtnl4j_share_p50_ms=[0-9.]+ libmnl_floor_p50_ms=[0-9.]+ ratio=[0-9.]+\n?$"),
        r.out());
    try (var s = Files.list(Path.of("/run/netns"))) {
      assertEquals(0, s.count(), "namespaces left behind");
    }
    assertEquals(linksBefore, CliRun.of("link", "show").out(), "links left behind");

    CliRun bad = CliRun.of("bootbench", "--containers", "2", "--floor", "-1");
    assertEquals(2, bad.status(), bad.toString());
    assertTrue(bad.err().contains("--floor must be 0..1000, not -1"), bad.toString());
    CliRun notSerial = CliRun.of("bootbench", "--containers", "2", "--serial", "--concurrency", "4");
    assertEquals(2, notSerial.status(), notSerial.toString());
    assertTrue(notSerial.err().contains("--serial starts one container after another: --concurrency must be 1 or left out,"
        + " not 4"), notSerial.toString());
  }
}
