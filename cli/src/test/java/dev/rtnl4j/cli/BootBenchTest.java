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
}
