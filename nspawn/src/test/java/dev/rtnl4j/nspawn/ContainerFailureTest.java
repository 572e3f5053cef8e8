package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerFailureTest extends RuntimeTestBase {

  @Test
  void missingBridgeFailsTheCheckAndLeavesNothing() throws Exception {
    ContainerSpec spec = ContainerSpec.builder("nobr").privateNetwork(true)
        .hostBridge("br-missing").localAddress("10.50.1.2/24").build();
    StartException e = assertThrows(StartException.class, () -> runtime.start(spec));
    assertEquals(Phase.CHECK, e.phase());
    assertEquals("container \"nobr\": start failed in phase CHECK: hostBridge br-missing: no such bridge on the host",
        e.getMessage());
    assertNothingLeftBehind();
  }

  @Test
  void forwardPortsWithoutTheContainersAddressAreRefusedInPreparedModeBeforeAnythingIsDone() throws Exception {
    fixture("pfbr", "type", "bridge");
    ContainerSpec spec = ContainerSpec.builder("pfnoaddr").privateNetwork(true).hostBridge("pfbr")
        .forwardPort("tcp", 8080, 80).build();
    StartException e = assertThrows(StartException.class, () -> runtime.start(spec));
    assertEquals(Phase.CHECK, e.phase());
    assertTrue(e.getMessage().startsWith("container \"pfnoaddr\": start failed in phase CHECK: forwardPorts: needs"
        + " localAddress or localAddress6 in the prepared mode"), e.getMessage());
    assertNothingLeftBehind();
  }

  @Test
  void aHostInterfaceThatIsNotABridgeIsRefused() throws Exception {
    fixture("notbr", "type", "veth", "peer", "name", "notbr-p");
    ContainerSpec spec = ContainerSpec.builder("nobr2").privateNetwork(true).hostBridge("notbr").build();
    StartException e = assertThrows(StartException.class, () -> runtime.start(spec));
    assertTrue(e.getMessage().endsWith("hostBridge notbr: the host interface is not a bridge"), e.getMessage());
    assertNothingLeftBehind();
  }

  @Test
  void aRouteTheKernelRefusesFailsTheNetworkPhaseNamingTheStepAndLeavesNothing() throws Exception {
    // the host route to the container's address exists already: the kernel answers EEXIST
    ip("route", "add", "blackhole", "10.231.41.2/32");
    try {
      ContainerSpec spec = ContainerSpec.builder("badroute").privateNetwork(true)
          .hostAddress("10.231.41.1").localAddress("10.231.41.2").build();
      StartException e = assertThrows(StartException.class, () -> runtime.start(spec));
      assertEquals(Phase.NETWORK, e.phase(), e.getMessage());
      assertTrue(e.getMessage().contains("route add 10.231.41.2/32 dev ve-badroute"), e.getMessage());
      assertTrue(e.getMessage().contains("EEXIST"), e.getMessage());
      // the spare's veth, renamed to ve-badroute, is gone with the rest
      assertNothingLeftBehind();
      assertTrue(!ip("-o", "link", "show").contains("ve-badroute"));
    } finally {
      ip("route", "del", "blackhole", "10.231.41.2/32");
    }
  }

  @Test
  void badAddressIsRefusedBeforeAnythingIsDone() throws Exception {
    SpecException e = assertThrows(SpecException.class, () -> ContainerSpec.builder("web").privateNetwork(true)
        .hostAddress("10.0.0.1").localAddress("10.0.0.300").build());
    assertEquals("container \"web\": localAddress \"10.0.0.300\": not an IPv4 address", e.getMessage());
    assertNothingLeftBehind();
  }

  @Test
  void aNameGivenTwiceFailsThatContainerOnlyAndAStartedNameCannotBeStartedAgain() throws Exception {
    ContainerSpec a = ContainerSpec.builder("twin").privateNetwork(true).hostAddress("10.231.3.1").localAddress("10.231.3.2").build();
    ContainerSpec b = ContainerSpec.builder("twin").privateNetwork(true).hostAddress("10.231.4.1").localAddress("10.231.4.2").build();
    ContainerSpec c = ContainerSpec.builder("single").build();
    List<StartOutcome> out = runtime.startAll(List.of(a, b, c), 2);
    assertEquals(Phase.CHECK, out.get(0).failure().phase());
    assertTrue(out.get(0).failure().getMessage().contains("more than one container"));
    assertEquals(Phase.CHECK, out.get(1).failure().phase());
    assertTrue(out.get(2).started());
    StartException again = assertThrows(StartException.class, () -> runtime.start(c));
    assertEquals(Phase.CHECK, again.phase());
    assertTrue(again.getMessage().contains("single"), again.getMessage());
    runtime.stop(out.get(2).container());
    assertNothingLeftBehind();
  }

  @Test
  void aContainerStartedByAnotherRuntimeIsSeenAsRunning() throws Exception {
    RunningContainer c = runtime.start(ContainerSpec.builder("shared").build());
    try (ContainerRuntime other = runtime(StartMode.PREPARED)) {
      StartException e = assertThrows(StartException.class, () -> other.start(ContainerSpec.builder("shared").build()));
      assertTrue(e.getMessage().contains("already running (systemd-nspawn pid " + c.nspawnPid()), e.getMessage());
      assertEquals(List.of("shared"), other.list().stream().map(ContainerState::name).toList());
    }
    runtime.stop(c);
    assertNothingLeftBehind();
  }

  @Test
  void nspawnRefusingItsArgumentsFailsWithItsOwnMessage() throws Exception {
    ContainerSpec spec = ContainerSpec.builder("badflag").privateNetwork(true)
        .hostAddress("10.231.5.1").localAddress("10.231.5.2").extraFlag("--no-such-nspawn-flag").build();
    StartException e = assertThrows(StartException.class, () -> runtime.start(spec));
    assertEquals(Phase.LEADER, e.phase());
    assertTrue(e.getMessage().contains("systemd-nspawn exited"), e.getMessage());
    assertTrue(e.nspawnOutput().contains("no-such-nspawn-flag"), e.nspawnOutput());
    assertNothingLeftBehind();
  }

  @Test
  void aStartThatIsNotReadyInTimeIsKilledAndUndone() throws Exception {
    // busybox never says READY=1 itself: with notifyReady the start waits for it and times out
    ContainerSpec spec = ContainerSpec.builder("slow").privateNetwork(true)
        .hostAddress("10.231.6.1").localAddress("10.231.6.2").notifyReady(true).timeoutStartSec("1500ms").build();
    long t0 = System.nanoTime();
    StartException e = assertThrows(StartException.class, () -> runtime.start(spec));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(Phase.READY, e.phase());
    assertTrue(e.getMessage().contains("no READY=1 within timeoutStartSec (PT1.5S)"), e.getMessage());
    assertTrue(ms < 8000, "gave up after " + ms + " ms");
    assertNothingLeftBehind();
  }

  @Test
  void aStartThatTimesOutAfterItsPortForwardTableWasMadeRemovesTheTable() throws Exception {
    ContainerSpec spec = ContainerSpec.builder("pfslow").privateNetwork(true)
        .hostAddress("10.231.7.1").localAddress("10.231.7.2").forwardPort("tcp", 8080, 80)
        .notifyReady(true).timeoutStartSec("1500ms").build();
    StartException e = assertThrows(StartException.class, () -> runtime.start(spec));
    // the table is made before nspawn runs: timing out waiting for READY=1 (or, on a loaded
    // machine, for the leader) both come after it
    assertTrue(e.phase() == Phase.READY || e.phase() == Phase.LEADER, e.getMessage());
    assertNothingLeftBehind();
  }

  @Test
  void aStartWhoseBindMountIsMissingRemovesItsPortForwardTable() throws Exception {
    ContainerSpec spec = ContainerSpec.builder("pfbind").privateNetwork(true)
        .hostAddress("10.231.7.5").localAddress("10.231.7.6").forwardPort("udp", 5353, 53)
        .bindMount("/srv", "/nonexistent/rtnl4j-pf", true).build();
    StartException e = assertThrows(StartException.class, () -> runtime.start(spec));
    assertEquals(Phase.LEADER, e.phase(), e.getMessage());
    assertTrue(e.nspawnOutput().contains("/nonexistent/rtnl4j-pf"), e.nspawnOutput());
    assertNothingLeftBehind();
  }

  @Test
  void staleLinksAndNamespaceOfAnEarlierRunAreRemovedBeforeStart() throws Exception {
    ip("netns", "add", "stale");
    fixture("ve-stale", "type", "veth", "peer", "name", "ve-stale-p");
    ContainerSpec spec = ContainerSpec.builder("stale").privateNetwork(true)
        .hostAddress("10.231.8.1").localAddress("10.231.8.2").build();
    RunningContainer c = runtime.start(spec);
    // stopped at once: SIGRTMIN+4 may arrive before busybox installed its trap, and is repeated
    assertTrue(runtime.stop(c).poweredOff());
    assertNothingLeftBehind();
  }

  @Test
  void aRootDirectoryWithoutUsrFailsInTheImagePhaseAndLeavesNothing() throws Exception {
    java.nio.file.Path root = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("/tmp"), "rtnl4j-nousr-");
    try {
      ContainerSpec spec = ContainerSpec.builder("nousr").image(root.toString()).privateNetwork(true)
          .hostAddress("10.231.12.1").localAddress("10.231.12.2").build();
      StartException e = assertThrows(StartException.class, () -> runtime.start(spec));
      assertEquals(Phase.IMAGE, e.phase());
      assertTrue(e.getMessage().endsWith("image " + root + " has no /usr (systemd-nspawn refuses such a root)"),
          e.getMessage());
    } finally {
      Images.deleteQuietly(root);
    }
    assertNothingLeftBehind();
  }
}
