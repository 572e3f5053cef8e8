package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedModeTest extends RuntimeTestBase {

  @Test
  void nspawnMakesTheVethAndIpProcessesConfigureBothSidesAsTheSeedsScriptsDo() throws Exception {
    try (ContainerRuntime seed = runtime(StartMode.SEED)) {
      ContainerSpec spec = ContainerSpec.builder("btseed").privateNetwork(true)
          .hostAddress("10.231.11.1").localAddress("10.231.11.2").build();
      RunningContainer c = seed.start(spec);
      try {
        assertTrue(c.nspawnArgv().contains("--network-veth"), c.nspawnArgv().toString());
        assertFalse(c.nspawnArgv().stream().anyMatch(a -> a.startsWith("--network-namespace-path")), c.nspawnArgv().toString());
        assertEquals(StartMode.SEED, c.state().mode());
        String host = ip("-o", "-4", "addr", "show", "dev", "ve-btseed");
        assertTrue(host.contains("inet 10.231.11.1/32"), host);
        assertTrue(ip("-4", "route", "show", "10.231.11.2").contains("dev ve-btseed scope link"));
        String addr = inNet(c.leaderPid(), "ip", "-o", "-4", "addr", "show", "dev", "eth0");
        assertTrue(addr.contains("inet 10.231.11.2/32"), addr);
        String routes = inNet(c.leaderPid(), "ip", "-4", "route", "show");
        assertTrue(routes.contains("default via 10.231.11.1 dev eth0"), routes);
        assertTrue(routes.contains("10.231.11.1 dev eth0 scope link"), routes);
        String ping = inside(c.leaderPid(), "/bin/ping", "-c", "1", "-W", "2", "10.231.11.1");
        assertTrue(ping.contains("1 packets received"), ping);
      } finally {
        assertEquals(List.of(), seed.stop(c).problems());
      }
    }
    assertNothingLeftBehind();
  }

  @Test
  void aFailingIpCommandFailsTheStartNamingTheStepAndUndoesEverything() throws Exception {
    try (ContainerRuntime seed = runtime(StartMode.SEED)) {
      // the host route to the container's address exists already: ip route add answers "File exists"
      fixture("btseedx", "type", "veth", "peer", "name", "btseedy");
      ip("link", "set", "btseedx", "up");
      ip("route", "add", "10.231.12.2/32", "dev", "btseedx");
      ContainerSpec spec = ContainerSpec.builder("btseedf").privateNetwork(true)
          .hostAddress("10.231.12.1").localAddress("10.231.12.2").build();
      StartException e = org.junit.jupiter.api.Assertions.assertThrows(StartException.class, () -> seed.start(spec));
      assertEquals(Phase.NETWORK_AFTER_LEADER, e.phase(), e.getMessage());
      assertTrue(e.getMessage().contains("host: route add 10.231.12.2/32 dev ve-btseedf"), e.getMessage());
      assertTrue(e.getMessage().contains("File exists"), e.getMessage());
    }
    assertNothingLeftBehind();
  }
}
