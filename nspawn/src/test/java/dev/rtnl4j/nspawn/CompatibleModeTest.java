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
}
