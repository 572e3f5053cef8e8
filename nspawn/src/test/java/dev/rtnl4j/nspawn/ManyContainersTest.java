package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManyContainersTest extends RuntimeTestBase {

  @Test
  void twentyContainersStartedTogetherAndStoppedLeaveTheMachineAsBefore() throws Exception {
    List<ContainerSpec> specs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      specs.add(ContainerSpec.builder("m" + i).privateNetwork(true)
          .hostAddress("10.231.20." + (i + 1)).localAddress("10.232.20." + (i + 1)).timeoutStartSec("60s").build());
    }
    long t0 = System.nanoTime();
    List<StartOutcome> out = runtime.startAll(specs, 4);
    long wall = System.nanoTime() - t0;
    List<RunningContainer> up = new ArrayList<>();
    for (StartOutcome o : out) {
      assertTrue(o.started(), () -> String.valueOf(o.failure()));
      up.add(o.container());
    }
    for (RunningContainer c : up) {
      String a = inNet(c.leaderPid(), "ip", "-o", "-4", "addr", "show", "dev", "eth0");
      assertTrue(a.contains(c.spec().localAddress().toString()), a);
    }
    assertEquals(20, runtime.list().size());
    String ping = inside(up.get(19).leaderPid(), "/bin/ping", "-c", "1", "-W", "2", "10.231.20.20");
    assertTrue(ping.contains("1 packets received"), ping);
    double[] network = up.stream().mapToDouble(c -> c.times().rtnl4jShare().toNanos() / 1e6).sorted().toArray();
    double[] ready = up.stream().mapToDouble(c -> c.times().ready().toNanos() / 1e6).sorted().toArray();
    System.out.printf("20 containers (concurrency 4): wall %.0f ms; rtnl4j share p50 %.1f ms max %.1f ms; ready p50 %.0f ms max %.0f ms%n",
        wall / 1e6, network[10], network[19], ready[10], ready[19]);
    long s0 = System.nanoTime();
    List<ContainerRuntime.StopReport> stops = runtime.stopAll(up.stream().map(RunningContainer::state).toList(), 4);
    System.out.printf("20 containers stopped in %.0f ms%n", (System.nanoTime() - s0) / 1e6);
    for (ContainerRuntime.StopReport r : stops) {
      assertEquals(List.of(), r.problems(), r.name());
    }
    assertNothingLeftBehind();
  }
}
