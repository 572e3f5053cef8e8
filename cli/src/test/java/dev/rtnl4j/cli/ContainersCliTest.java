package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rtnl4j.testkit.Require;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ContainersCliTest {

  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .setExitCodeExceptionMapper(t -> 1).execute(args);
    return new Result(status, out.toString(), err.toString());
  }

  @Test
  void upStatusDownRoundTrip() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-cli-");
    Path spec = dir.resolve("spec.json");
    Files.writeString(spec, """
        {"containers": {
          "cli1": {"privateNetwork": true, "hostAddress": "10.231.30.1", "localAddress": "10.231.30.2", "image": "busybox",
                   "forwardPorts": [{"protocol": "tcp", "hostPort": 18080, "containerPort": 80}]},
          "cli2": {"privateNetwork": true, "hostBridge": "br-nope", "localAddress": "10.231.31.2/24"}
        }}""");
    String state = dir.resolve("state").toString();

    Result dry = run("up", "--dry-run", "--state-dir", state, spec.toString());
    assertEquals(0, dry.status(), dry.err());
    assertTrue(dry.out().contains("host: link add ve-cli1"), dry.out());
    assertTrue(dry.out().contains("container: route add default via 10.231.30.1 dev eth0"), dry.out());
    assertTrue(dry.out().contains("exec /usr/bin/systemd-nspawn --register=no --keep-unit --machine=cli1"), dry.out());
    assertTrue(dry.out().contains("--network-namespace-path=/run/netns/cli1"), dry.out());
    assertTrue(dry.out().contains("host: nft table inet rtnl4j-cli1: tcp 18080 -> 10.231.30.2:80"), dry.out());
    assertTrue(Files.notExists(Path.of("/run/netns/cli1")), "a dry run does nothing");

    Result up = run("up", "--state-dir", state, spec.toString());
    assertEquals(1, up.status(), "one container failed: " + up.out() + up.err());
    assertTrue(up.out().contains("cli1 ready: leader "), up.out());
    assertTrue(up.err().contains("container \"cli2\": start failed in phase CHECK: hostBridge br-nope: no such bridge"),
        up.err());

    Result status = run("status", "-j", "--state-dir", state);
    assertEquals(0, status.status(), status.err());
    JsonNode list = new ObjectMapper().readTree(status.out());
    assertEquals(1, list.size());
    JsonNode c = list.get(0);
    assertEquals("cli1", c.get("name").asText());
    assertTrue(c.get("leaderPid").asInt() > 0);
    assertEquals("/run/netns/cli1", c.get("netns").asText());
    assertTrue(c.get("addresses").toString().contains("container eth0 10.231.30.2/32"), c.toString());

    Result down = run("down", "--state-dir", state, spec.toString());
    assertEquals(1, down.status(), "cli2 was not running: " + down.err());
    assertTrue(down.out().contains("cli1 stopped in"), down.out());
    assertTrue(down.err().contains("container \"cli2\": not running"), down.err());
    assertEquals("[]", run("status", "-j", "--state-dir", state).out().strip());
    assertTrue(Files.notExists(Path.of("/run/netns/cli1")));
    try (var s = Files.list(Path.of("/run/netns"))) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void upWithABadFileExitsWithStatusTwoAndSaysWhere() throws Exception {
    Path spec = Files.createTempFile("rtnl4j-bad", ".json");
    Files.writeString(spec, "{\"containers\": {\"web\": {\"privateNetwork\": true, \"localAddress\": \"10.0.0.300\"}}}");
    Result r = run("up", "--dry-run", spec.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("containers.web.localAddress: container \"web\": localAddress \"10.0.0.300\": not an IPv4 address"),
        r.err());
    Files.delete(spec);
  }
}
