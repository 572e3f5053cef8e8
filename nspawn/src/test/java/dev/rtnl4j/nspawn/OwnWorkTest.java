package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnWorkTest extends RuntimeTestBase {

  @Test
  void theShareTimesRtnl4jsOwnStepsAndLeavesOutTheWaitsForNspawnAndTheGuest() throws Exception {
    ContainerSpec spec = ContainerSpec.builder("btown").privateNetwork(true)
        .hostAddress("10.231.14.1").localAddress("10.231.14.2").build();
    RunningContainer c = runtime.start(spec);
    try {
      OwnWork own = c.times().own();
      Map<Phase, Duration> steps = own.byPhase();
      assertEquals(EnumSet.of(Phase.CHECK, Phase.CLEANUP, Phase.MODULES, Phase.NETWORK, Phase.IMAGE, Phase.SPAWN,
          Phase.RECORD), EnumSet.copyOf(steps.keySet()), own.toString());
      Duration sum = steps.values().stream().reduce(Duration.ZERO, Duration::plus);
      assertEquals(sum, own.total());
      assertEquals(own.total(), c.times().rtnl4jShare());
      // every step but the state file ends before the leader is reported; had the share counted
      // the wait for the leader (leader - spawned), it would reach the leader's time
      Duration beforeLeader = own.total().minus(steps.get(Phase.RECORD));
      Duration halfTheWait = c.times().leader().minus(c.times().spawned()).dividedBy(2);
      assertTrue(beforeLeader.compareTo(c.times().leader().minus(halfTheWait)) < 0,
          "the share " + own + " without the state file leaves out the wait for the leader: " + c.times());
      assertTrue(own.cpu().compareTo(Duration.ZERO) > 0 && own.cpu().compareTo(own.total().plusMillis(1)) <= 0,
          own.toString());
      assertEquals(steps.keySet(), own.cpuByPhase().keySet());
      // the namespace was made ahead on a namespace thread, and the state file rendered while nspawn started
      assertTrue(own.alongside().compareTo(Duration.ZERO) > 0 && own.alongsideCpu().compareTo(Duration.ZERO) > 0,
          own.toString());
      System.out.println("own work of a start: " + own);
    } finally {
      assertEquals(List.of(), runtime.stop(c).problems());
    }
    assertNothingLeftBehind();
  }

  @Test
  void aStepEndedAlongsideIsKeptApartFromTheShare() {
    OwnWork own = new OwnWork();
    own.begin(Phase.CHECK);
    busy(Duration.ofMillis(2));
    own.begin(Phase.RECORD);
    busy(Duration.ofMillis(3));
    own.endAlongside();
    assertEquals(EnumSet.of(Phase.CHECK), EnumSet.copyOf(own.byPhase().keySet()), own.toString());
    assertEquals(own.byPhase().get(Phase.CHECK), own.total());
    assertTrue(own.total().compareTo(Duration.ofMillis(2)) >= 0, own.toString());
    assertTrue(own.alongside().compareTo(Duration.ofMillis(3)) >= 0, own.toString());
    assertTrue(own.alongsideCpu().compareTo(Duration.ZERO) > 0, "the busy loop's CPU: " + own);
    Duration alongside = own.alongside();
    own.endAlongside();
    assertEquals(alongside, own.alongside(), "ending again adds nothing: " + own);
  }

  private static void busy(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  @Test
  void seedModeCountsTheIpProcessesAfterTheLeaderAsNetworkAfterLeader() throws Exception {
    try (ContainerRuntime seed = runtime(StartMode.SEED)) {
      ContainerSpec spec = ContainerSpec.builder("btowns").privateNetwork(true)
          .hostAddress("10.231.15.1").localAddress("10.231.15.2").build();
      RunningContainer c = seed.start(spec);
      try {
        Map<Phase, Duration> steps = c.times().own().byPhase();
        assertTrue(steps.containsKey(Phase.NETWORK_AFTER_LEADER), steps.toString());
        assertTrue(!steps.containsKey(Phase.LEADER) && !steps.containsKey(Phase.READY), steps.toString());
        assertTrue(Files.exists(Path.of("/proc/" + c.leaderPid())));
      } finally {
        assertEquals(List.of(), seed.stop(c).problems());
      }
    }
    assertNothingLeftBehind();
  }
}
