package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompatibleModeTest extends RuntimeTestBase {

  @Test
  void nspawnMakesTheVethAndRtnl4jConfiguresBothSidesAfterTheLeaderStarts() throws Exception {
    try (ContainerRuntime compat = runtime(StartMode.COMPATIBLE)) {
      ContainerSpec spec = ContainerSpec.builder("compat").privateNetwork(true)
          .hostAddress("10.231.10.1").localAddress("10.231.10.2")
          .forwardPort("tcp", 8080, 80).build();
      RunningContainer c = compat.start(spec);
      try {
        assertTrue(c.nspawnArgv().contains("--network-veth"), c.nspawnArgv().toString());
        assertTrue(c.nspawnArgv().contains("--port=tcp:8080:80"), c.nspawnArgv().toString());
        String addr = inNet(c.leaderPid(), "ip", "-o", "-4", "addr", "show", "dev", "eth0");
        assertTrue(addr.contains("inet 10.231.10.2/32"), addr);
        String routes = inNet(c.leaderPid(), "ip", "-4", "route", "show");
        assertTrue(routes.contains("default via 10.231.10.1 dev eth0"), routes);
        String ping = inside(c.leaderPid(), "/bin/ping", "-c", "1", "-W", "2", "10.231.10.1");
        assertTrue(ping.contains("1 packets received"), ping);
        System.out.println("compatible-mode start: " + c.times());
      } finally {
        ContainerRuntime.StopReport r = compat.stop(c);
        assertEquals(List.of(), r.problems());
      }
    }
    assertNothingLeftBehind();
  }

  @Test
  void compatibleModeWithAMissingBridgeFailsBeforeNspawnRuns() throws Exception {
    try (ContainerRuntime compat = runtime(StartMode.COMPATIBLE)) {
      ContainerSpec spec = ContainerSpec.builder("compatbr").privateNetwork(true).hostBridge("br-none").build();
      StartException e = org.junit.jupiter.api.Assertions.assertThrows(StartException.class, () -> compat.start(spec));
      assertEquals(Phase.CHECK, e.phase());
    }
    assertNothingLeftBehind();
  }

  @Test
  void compatibleBridgeAndExtraVethAreConfiguredAfterTheLeader() throws Exception {
    fixture("br-compat", "type", "bridge");
    ip("addr", "add", "10.80.0.1/24", "dev", "br-compat");
    ip("link", "set", "br-compat", "up");
    try (ContainerRuntime compat = runtime(StartMode.COMPATIBLE)) {
      ContainerSpec spec = ContainerSpec.builder("cbr").privateNetwork(true).hostBridge("br-compat")
          .localAddress("10.80.0.2/24").extraVeth("cx0", null, "10.81.0.1", null, "10.81.0.2", null).build();
      RunningContainer c = compat.start(spec);
      try {
        assertTrue(c.nspawnArgv().contains("--network-bridge=br-compat"), c.nspawnArgv().toString());
        assertTrue(c.nspawnArgv().contains("--network-veth-extra=cx0"), c.nspawnArgv().toString());
        assertTrue(ip("-o", "link", "show", "dev", "vb-cbr").contains("master br-compat"));
        String eth0 = inNet(c.leaderPid(), "ip", "-o", "-4", "addr", "show", "dev", "eth0");
        assertTrue(eth0.contains("10.80.0.2/24"), eth0);
        assertTrue(inside(c.leaderPid(), "/bin/ping", "-c", "1", "-W", "3", "10.80.0.1").contains("1 packets received"));
        assertTrue(inside(c.leaderPid(), "/bin/ping", "-c", "1", "-W", "3", "10.81.0.1").contains("1 packets received"));
      } finally {
        assertEquals(List.of(), compat.stop(c).problems());
      }
    }
    assertNothingLeftBehind();
  }
}
