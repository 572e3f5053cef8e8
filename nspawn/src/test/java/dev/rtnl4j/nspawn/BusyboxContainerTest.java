package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BusyboxContainerTest {
  private Path stateDir;
  private ContainerRuntime runtime;
  private MachineSnapshot before;

  @BeforeEach
  void setUp() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    stateDir = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-it-");
    runtime = ContainerRuntime.builder().stateDir(stateDir).network(Backends.forTests()).build();
    before = MachineSnapshot.take(stateDir);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
  }

  static String in(int leader, String... cmd) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("nsenter", "--net=/proc/" + leader + "/ns/net"));
    argv.addAll(List.of(cmd));
    return IpCommandBackend.run(argv);
  }

  @Test
  void routedContainerHasItsAddressRoutesAndReachesTheHost() throws Exception {
    ContainerSpec spec = ContainerSpec.builder("web").privateNetwork(true)
        .hostAddress("10.231.0.1").localAddress("10.231.0.2").timeoutStartSec("20s").build();
    RunningContainer c = runtime.start(spec);
    try {
      int leader = c.leaderPid();
      assertTrue(leader > 0);
      String addr = in(leader, "ip", "-o", "-4", "addr", "show", "dev", "eth0");
      assertTrue(addr.contains("inet 10.231.0.2/32"), addr);
      String routes = in(leader, "ip", "-4", "route", "show");
      assertTrue(routes.contains("default via 10.231.0.1 dev eth0"), routes);
      assertTrue(routes.contains("10.231.0.1 dev eth0 scope link"), routes);
      String hostRoutes = IpCommandBackend.run(List.of("ip", "-4", "route", "show"));
      assertTrue(hostRoutes.contains("10.231.0.2 dev ve-web scope link"), hostRoutes);
      String ping = in(leader, "/bin/busybox", "ping", "-c", "1", "-W", "2", "10.231.0.1");
      assertTrue(ping.contains("1 packets received"), ping);
      // The container's own busybox sees the same: its pid 1 runs the idle init.
      String inside = IpCommandBackend.run(List.of("nsenter", "-t", Integer.toString(leader), "-m", "-n", "-p",
          "/bin/ip", "-o", "addr", "show", "dev", "eth0"));
      assertTrue(inside.contains("10.231.0.2/32"), inside);
      assertNotNull(c.times().ready());
      System.out.println("busybox start: " + c.times());
    } finally {
      ContainerRuntime.StopReport r = runtime.stop(c);
      assertEquals(List.of(), r.problems());
      assertTrue(r.poweredOff(), "stopped by SIGRTMIN+4");
    }
    assertEquals(before, MachineSnapshot.take(stateDir));
    assertFalse(Files.exists(Path.of("/run/netns/web")));
  }
}
