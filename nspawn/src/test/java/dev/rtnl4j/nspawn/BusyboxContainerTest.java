package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.TestRunBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusyboxContainerTest extends RuntimeTestBase {

  @Test
  void routedContainerHasItsAddressRoutesAndReachesTheHost() throws Exception {
    // the suite runs on FFM, on JNA and on JDK 17: this run is on the backend and JDK it names
    TestRunBackend.assertActive();
    ContainerSpec spec = ContainerSpec.builder("web").privateNetwork(true)
        .hostAddress("10.231.0.1").localAddress("10.231.0.2")
        .hostAddress6("fc00::1").localAddress6("fc00::2").timeoutStartSec("20s").build();
    RunningContainer c = runtime.start(spec);
    try {
      int leader = c.leaderPid();
      String addr = inNet(leader, "ip", "-o", "-4", "addr", "show", "dev", "eth0");
      assertTrue(addr.contains("inet 10.231.0.2/32"), addr);
      String routes = inNet(leader, "ip", "-4", "route", "show");
      assertTrue(routes.contains("default via 10.231.0.1 dev eth0"), routes);
      assertTrue(routes.contains("10.231.0.1 dev eth0 scope link"), routes);
      String addr6 = inNet(leader, "ip", "-o", "-6", "addr", "show", "dev", "eth0");
      assertTrue(addr6.contains("inet6 fc00::2/128"), addr6);
      String routes6 = inNet(leader, "ip", "-6", "route", "show");
      assertTrue(routes6.contains("fc00::1 dev eth0"), routes6);
      assertTrue(routes6.contains("default via fc00::1 dev eth0"), routes6);
      assertTrue(ip("-6", "route", "show").contains("fc00::2 dev ve-web"));
      assertTrue(ip("-o", "-6", "addr", "show", "dev", "ve-web").contains("inet6 fc00::1/128"));
      String hostSide = ip("-o", "-4", "addr", "show", "dev", "ve-web");
      assertTrue(hostSide.contains("inet 10.231.0.1/32"), hostSide);
      String hostRoutes = ip("-4", "route", "show");
      assertTrue(hostRoutes.contains("10.231.0.2 dev ve-web scope link"), hostRoutes);
      // the host side answers a ping sent by the container's own busybox
      String ping = inside(leader, "/bin/ping", "-c", "1", "-W", "2", "10.231.0.1");
      assertTrue(ping.contains("1 packets received"), ping);
      String insideAddr = inside(leader, "/bin/ip", "-o", "addr", "show", "dev", "eth0");
      assertTrue(insideAddr.contains("10.231.0.2/32"), insideAddr);
      // nspawn's predictable MACs, as --network-veth would have given
      assertTrue(ip("link", "show", "dev", "ve-web").contains(InterfaceNames.macText(InterfaceNames.hostMac("web"))));
      assertTrue(insideAddr.length() > 0);
      System.out.println("busybox start: " + c.times());
    } finally {
      ContainerRuntime.StopReport r = runtime.stop(c);
      assertEquals(List.of(), r.problems());
      assertTrue(r.poweredOff(), "stopped by SIGRTMIN+4");
    }
    assertNothingLeftBehind();
    assertFalse(Files.exists(Path.of("/run/netns/web")));
  }

  @Test
  void longNameGetsNspawnsHashedHostLinkWithTheFullNameAsAltname() throws Exception {
    ContainerSpec spec = ContainerSpec.builder("webserver-production-01").privateNetwork(true)
        .hostAddress("10.231.1.1").localAddress("10.231.1.2").build();
    RunningContainer c = runtime.start(spec);
    try {
      String link = ip("link", "show", "dev", "ve-webserveXPr4");
      assertTrue(link.contains("altname ve-webserver-production-01"), link);
      String ping = inside(c.leaderPid(), "/bin/ping", "-c", "1", "-W", "2", "10.231.1.1");
      assertTrue(ping.contains("1 packets received"), ping);
    } finally {
      runtime.stop(c);
    }
    assertNothingLeftBehind();
  }

  @Test
  void bridgedContainerIsEnslavedAndReachesTheBridge() throws Exception {
    fixture("br-it", "type", "bridge");
    ip("addr", "add", "10.50.0.1/24", "dev", "br-it");
    ip("link", "set", "br-it", "up");
    ContainerSpec spec = ContainerSpec.builder("bridged").privateNetwork(true)
        .hostBridge("br-it").localAddress("10.50.0.2/24").build();
    RunningContainer c = runtime.start(spec);
    try {
      String vb = ip("-o", "link", "show", "dev", "vb-bridged");
      assertTrue(vb.contains("master br-it") && vb.contains("state UP"), vb);
      String addr = inNet(c.leaderPid(), "ip", "-o", "-4", "addr", "show", "dev", "eth0");
      assertTrue(addr.contains("inet 10.50.0.2/24"), addr);
      String ping = inside(c.leaderPid(), "/bin/ping", "-c", "1", "-W", "3", "10.50.0.1");
      assertTrue(ping.contains("1 packets received"), ping);
    } finally {
      runtime.stop(c);
    }
    assertNothingLeftBehind();
  }

  @Test
  void macvlansInBridgeModeLetTwoContainersTalk() throws Exception {
    fixture("mvp0", "type", "veth", "peer", "name", "mvp0peer");
    ip("link", "set", "mvp0", "up");
    ip("link", "set", "mvp0peer", "up");
    RunningContainer a = runtime.start(ContainerSpec.builder("mva").macvlan("mvp0").build());
    RunningContainer b = runtime.start(ContainerSpec.builder("mvb").macvlan("mvp0").build());
    try {
      String link = inNet(a.leaderPid(), "ip", "-d", "link", "show", "dev", "mv-mvp0");
      assertTrue(link.contains("macvlan mode bridge"), link);
      assertTrue(link.contains(",UP"), link);
      inNet(a.leaderPid(), "ip", "addr", "add", "10.60.0.1/24", "dev", "mv-mvp0");
      inNet(b.leaderPid(), "ip", "addr", "add", "10.60.0.2/24", "dev", "mv-mvp0");
      String ping = inside(a.leaderPid(), "/bin/ping", "-c", "1", "-W", "3", "10.60.0.2");
      assertTrue(ping.contains("1 packets received"), ping);
    } finally {
      runtime.stop(a);
      runtime.stop(b);
    }
    assertNothingLeftBehind();
  }

  @Test
  void extraVethsAndMovedInterfacesAreConfiguredAndReturned() throws Exception {
    fixture("moveme", "type", "veth", "peer", "name", "moveme-p");
    ContainerSpec spec = ContainerSpec.builder("extra").privateNetwork(true)
        .hostAddress("10.231.2.1").localAddress("10.231.2.2")
        .extraVeth("xv-extra", null, "10.70.0.1", null, "10.70.0.2", null)
        .interfaceMovedIn("moveme").build();
    RunningContainer c = runtime.start(spec);
    try {
      String addr = inNet(c.leaderPid(), "ip", "-o", "-4", "addr", "show", "dev", "xv-extra");
      assertTrue(addr.contains("10.70.0.2/32"), addr);
      assertTrue(inNet(c.leaderPid(), "ip", "-o", "link").contains("moveme"));
      assertFalse(ip("-o", "link").contains(" moveme@"), "moved out of the host");
      String ping = inside(c.leaderPid(), "/bin/ping", "-c", "1", "-W", "2", "10.70.0.1");
      assertTrue(ping.contains("1 packets received"), ping);
    } finally {
      runtime.stop(c);
    }
    assertTrue(ip("-o", "link").contains("moveme@"), "moved back to the host on stop");
    assertNothingLeftBehind();
  }

  @Test
  void bindMountWithColonInPathIsEscapedForNspawn() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-bind:x-");
    Files.writeString(dir.resolve("hello"), "from the host\n");
    try {
      ContainerSpec spec = ContainerSpec.builder("binds").bindMount("/mnt/a:b", dir.toString(), true)
          .tmpfs("/scratch").build();
      RunningContainer c = runtime.start(spec);
      try {
        assertEquals("from the host\n", inside(c.leaderPid(), "/bin/cat", "/mnt/a:b/hello"));
        assertTrue(inside(c.leaderPid(), "/bin/cat", "/proc/mounts").contains("/scratch tmpfs"));
      } finally {
        runtime.stop(c);
      }
    } finally {
      Images.deleteQuietly(dir);
    }
    assertNothingLeftBehind();
  }

  @Test
  void enableTunGivesTheDeviceAndNetAdminAndEphemeralLeavesTheImageUntouched() throws Exception {
    ContainerSpec spec = ContainerSpec.builder("tun").privateNetwork(true).hostAddress("10.231.11.1")
        .localAddress("10.231.11.2").enableTun(true).ephemeral(true).allowedDevice("/dev/null", "r").build();
    RunningContainer c = runtime.start(spec);
    try {
      assertTrue(c.nspawnArgv().contains("--capability=CAP_NET_ADMIN"), c.nspawnArgv().toString());
      assertTrue(c.nspawnArgv().contains("--bind=/dev/net/tun"), c.nspawnArgv().toString());
      assertTrue(c.nspawnArgv().contains("--bind-ro=/dev/null"), c.nspawnArgv().toString());
      String status = inside(c.leaderPid(), "/bin/cat", "/proc/1/status");
      long capEff = Long.parseLong(status.lines().filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow()
          .substring(7).strip(), 16);
      assertTrue((capEff & (1L << 12)) != 0, "CAP_NET_ADMIN in " + Long.toHexString(capEff));
      // with CAP_NET_ADMIN the container may change its own links
      inside(c.leaderPid(), "/bin/ip", "link", "set", "dev", "eth0", "mtu", "1400");
      assertTrue(inNet(c.leaderPid(), "ip", "link", "show", "dev", "eth0").contains("mtu 1400"));
      String tun = inside(c.leaderPid(), "/bin/ls", "-l", "/dev/net/tun");
      assertTrue(tun.startsWith("crw"), tun);
      inside(c.leaderPid(), "/bin/touch", "/root/marker");
      assertTrue(inside(c.leaderPid(), "/bin/ls", "/root").contains("marker"));
      assertFalse(Files.exists(Path.of(c.state().imageRoot(), "root", "marker")), "written to the snapshot only");
    } finally {
      runtime.stop(c);
    }
    assertNothingLeftBehind();
  }

  @Test
  void aUsersRootDirectoryRunsTheGivenCommand() throws Exception {
    Path root = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-root-");
    try {
      Files.createDirectories(root.resolve("usr/bin"));
      Files.copy(Path.of("/bin/busybox"), root.resolve("usr/bin/busybox"));
      Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
      Files.createSymbolicLink(root.resolve("usr/bin/sh"), Path.of("busybox"));
      Files.createDirectories(root.resolve("etc"));
      Files.writeString(root.resolve("etc/os-release"), "ID=test\n");
      ContainerSpec spec = ContainerSpec.builder("ownroot").image(root.toString()).privateNetwork(true)
          .hostAddress("10.231.13.1").localAddress("10.231.13.2")
          .command("/bin/sh", "-c", "echo started > /started; trap 'exit 0' 38; while :; do sleep 1; done").build();
      RunningContainer c = runtime.start(spec);
      try {
        assertTrue(c.nspawnArgv().contains("--directory=" + root));
        // the shell creates the file, then writes it: wait for the line, not for the file
        Path started = root.resolve("started");
        String line = "";
        for (int i = 0; i < 100 && !line.equals("started\n"); i++) {
          Thread.sleep(20);
          line = Files.exists(started) ? Files.readString(started) : "";
        }
        assertEquals("started\n", line);
      } finally {
        assertTrue(runtime.stop(c).poweredOff());
      }
      assertTrue(Files.exists(root.resolve("usr/bin/busybox")), "a user's root is never removed");
    } finally {
      Images.deleteQuietly(root);
    }
    assertNothingLeftBehind();
  }
}
