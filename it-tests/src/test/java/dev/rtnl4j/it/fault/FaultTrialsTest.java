package dev.rtnl4j.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Kill -9 of {@code rtnl4j up} at seeded moments spread over every phase, then {@code up} and
 * {@code down} again, leaves the machine exactly as before (10 trials here; {@code it-tests/fault/run}
 * runs 100). {@code -Drtnl4j.fault.trials=N} changes the count.
 */
class FaultTrialsTest {

  @Test
  void upKilledAtAnyPhaseThenUpAndDownLeavesTheMachineAsBefore() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    int trials = Integer.getInteger("rtnl4j.fault.trials", 10);
    Path work = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-fault-");
    StringBuilder log = new StringBuilder();
    FaultTrials t = new FaultTrials(work, 3, log);
    t.calibrate();
    FaultTrials.Outcome o = t.run(trials, 8);
    System.out.print(log);
    assertEquals(trials + " passed, 0 failed", o.line(), log.toString());
  }
}
