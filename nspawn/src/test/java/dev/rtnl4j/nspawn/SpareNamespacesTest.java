package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpareNamespacesTest extends RuntimeTestBase {

  @Test
  void aStartTakesASpareNamespaceMadeAheadAndHasTheNextMadeWhileNspawnStarts() throws Exception {
    List<String> sparesBefore = namespacesOf(runtime.spareFds());
    assertEquals(ContainerRuntime.DEFAULT_SPARE_NAMESPACES, sparesBefore.size(), "spares made with the runtime");
    String notifyBefore = spareNotifySocket(runtime.spareFds());
    List<String> spareLinksBefore = runtime.spareLinks();
    assertEquals(ContainerRuntime.DEFAULT_SPARE_NAMESPACES, spareLinksBefore.size(), "each spare comes with its veth");
    assertTrue(ip("-o", "link", "show", "dev", spareLinksBefore.get(0)).contains("state DOWN"), "a spare veth is down");
    ContainerSpec spec = ContainerSpec.builder("spare").privateNetwork(true)
        .hostAddress("10.231.30.1").localAddress("10.231.30.2").timeoutStartSec("20s").build();

    RunningContainer c = runtime.start(spec);
    try {
      String netns = Files.readSymbolicLink(Path.of("/proc/" + c.leaderPid() + "/ns/net")).toString();
      assertEquals(sparesBefore.get(0), netns, "the container runs in the oldest spare");
      // nspawn was given it by the runtime's fd; it was named while nspawn started
      String given = c.nspawnArgv().stream().filter(a -> a.startsWith("--network-namespace-path=")).findFirst().orElseThrow();
      assertTrue(given.matches("--network-namespace-path=/proc/" + ProcessHandle.current().pid() + "/fd/[0-9]+"), given);
      try (dev.rtnl4j.netns.NetNamespace named = dev.rtnl4j.netns.NetNamespace.openPath(Path.of("/run/netns/spare"));
          dev.rtnl4j.netns.NetNamespace leaders = dev.rtnl4j.netns.NetNamespace.openPath(
              Path.of("/proc/" + c.leaderPid() + "/ns/net"))) {
        assertTrue(named.isSameNamespaceAs(leaders), "named /run/netns/spare by the time start returns");
      }
      assertEquals("/run/netns/spare", c.state().netns());
      assertTrue(inNet(c.leaderPid(), "ip", "-o", "-4", "addr", "show", "dev", "eth0").contains("inet 10.231.30.2/32"));
      // the oldest spare's veth, renamed and given nspawn's MACs
      assertFalse(ip("-o", "link", "show").contains(spareLinksBefore.get(0) + ":"), "the spare's host end was renamed");
      assertTrue(ip("-o", "link", "show", "dev", "ve-spare").contains(InterfaceNames.macText(InterfaceNames.hostMac("spare"))));
      assertTrue(inNet(c.leaderPid(), "ip", "-o", "link", "show", "dev", "eth0")
          .contains(InterfaceNames.macText(InterfaceNames.containerMac("spare"))));
      assertEquals(ContainerRuntime.DEFAULT_SPARE_NAMESPACES, runtime.spareLinks().size(), "the spare taken is replaced, veth and all");
      assertTrue(inNet(c.leaderPid(), "ip", "-o", "link", "show", "dev", "lo").contains("<LOOPBACK,UP"), "lo, up in the spare already");
      List<String> sparesAfter = namespacesOf(runtime.spareFds());
      assertEquals(ContainerRuntime.DEFAULT_SPARE_NAMESPACES, sparesAfter.size(), "the spare taken is replaced");
      assertFalse(sparesAfter.contains(netns), sparesAfter + " still holds the container's namespace");
      assertTrue(c.times().own().alongside().toNanos() > 0, "the spare's making is reported as work alongside: " + c.times());
      String notifyAfter = spareNotifySocket(runtime.spareFds());
      assertFalse(notifyAfter.equals(notifyBefore), "the spare notify socket taken is replaced");
      assertTrue(Files.exists(stateDir.resolve("notify/spare")), "the start bound the spare at its notify path");
    } finally {
      assertEquals(List.of(), runtime.stop(c).problems());
    }
    assertFalse(MachineSnapshot.openFds(java.util.Set.of()).stream().anyMatch(fd -> fd.endsWith(" -> " + notifyBefore)),
        "the notify socket, let go of after READY, is closed by the stop");
    assertFalse(Files.exists(stateDir.resolve("notify/spare")), "and its file removed");
    assertNothingLeftBehind();
  }

  @Test
  void theNotifySocketAStartLetGoOfIsClosedByTheNextStart() throws Exception {
    RunningContainer first = runtime.start(ContainerSpec.builder("letgo1").privateNetwork(true)
        .hostAddress("10.231.32.1").localAddress("10.231.32.2").timeoutStartSec("20s").build());
    RunningContainer second = null;
    try {
      assertTrue(Files.exists(stateDir.resolve("notify/letgo1")), "still bound once the start returned");
      second = runtime.start(ContainerSpec.builder("letgo2").privateNetwork(true)
          .hostAddress("10.231.33.1").localAddress("10.231.33.2").timeoutStartSec("20s").build());
      assertFalse(Files.exists(stateDir.resolve("notify/letgo1")), "closed, and its file removed, by the next start");
      assertTrue(Files.exists(stateDir.resolve("notify/letgo2")));
    } finally {
      assertEquals(List.of(), runtime.stop(first).problems());
      if (second != null) {
        assertEquals(List.of(), runtime.stop(second).problems());
      }
    }
    assertNothingLeftBehind();
  }

  @Test
  void closingTheRuntimeClosesItsSpareNamespaces() throws Exception {
    List<String> fdsBefore = MachineSnapshot.openFds(java.util.Set.of());
    ContainerRuntime other = ContainerRuntime.builder().stateDir(stateDir).spareNamespaces(3)
        .network(Backends.forTests()).build();
    List<Integer> spares = other.spareFds();
    assertEquals(7, spares.size(), "a namespace and a route socket per spare, and the notify socket: " + spares);
    List<String> spareLinks = other.spareLinks();
    assertEquals(3, spareLinks.size());
    other.close();
    String links = ip("-o", "link", "show");
    for (String l : spareLinks) {
      assertFalse(links.contains(l + ":"), "the spare veth " + l + " is gone once close returns: " + links);
    }
    assertEquals(List.of(), MachineSnapshot.fdsOpenedSince(fdsBefore, java.util.Set.of()), "fds left open by a closed runtime");
  }

  @Test
  void noSpareNamespacesMeansEachStartMakesItsOwn() throws Exception {
    try (ContainerRuntime none = ContainerRuntime.builder().stateDir(stateDir).spareNamespaces(0)
        .network(Backends.forTests()).build()) {
      assertEquals(List.of(), none.spareFds());
      RunningContainer c = none.start(ContainerSpec.builder("nospare").privateNetwork(true)
          .hostAddress("10.231.31.1").localAddress("10.231.31.2").timeoutStartSec("20s").build());
      assertEquals(List.of(), none.spareFds(), "nothing made ahead");
      assertEquals(List.of(), none.stop(c).problems());
    }
    assertNothingLeftBehind();
  }

  @Test
  void aContainerWithoutAMainVethGetsANamespaceWithoutOneAndLeavesTheSparesForLater() throws Exception {
    List<String> sparesBefore = runtime.spareLinks();
    RunningContainer c = runtime.start(ContainerSpec.builder("noveth").privateNetwork(true).timeoutStartSec("20s").build());
    try {
      String links = inNet(c.leaderPid(), "ip", "-o", "link", "show");
      assertFalse(links.contains("eth0"), "no eth0 in a private network without addresses: " + links);
      assertEquals(sparesBefore, runtime.spareLinks(), "the spares, each with its veth, are kept for starts that have one");
    } finally {
      assertEquals(List.of(), runtime.stop(c).problems());
    }
    assertNothingLeftBehind();
  }

  @Test
  void aNegativeNumberOfSpareNamespacesIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ContainerRuntime.builder().spareNamespaces(-1));
    assertEquals("spareNamespaces must be 0 or more, not -1", e.getMessage());
  }

  @Test
  void compatibleModeKeepsNoSpares() throws Exception {
    try (ContainerRuntime compat = runtime(StartMode.COMPATIBLE)) {
      assertEquals(List.of(), compat.spareFds());
    }
  }

  /** The spare notify socket ("socket:[inode]"): the last of the spares' fds. */
  private static String spareNotifySocket(List<Integer> fds) throws Exception {
    String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fds.get(fds.size() - 1))).toString();
    assertTrue(target.startsWith("socket:["), target);
    return target;
  }

  /** The namespaces ("net:[inode]") the spares' fds name, in the order the spares will be taken. */
  private static List<String> namespacesOf(List<Integer> fds) throws Exception {
    List<String> ns = new ArrayList<>();
    for (int fd : fds) {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      if (target.startsWith("net:[")) {
        ns.add(target);
      }
    }
    return ns;
  }
}
