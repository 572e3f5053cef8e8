package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NspawnCommandTest {
  private static final ImageLayout BUSYBOX = new ImageLayout(Path.of("/run/rtnl4j/images/web"),
      List.of("--bind-ro=/usr/bin/busybox:/usr/bin/busybox", "--link-journal=no"), List.of(), true);

  @Test
  void preparedModeJoinsTheNamespaceAndPassesEveryOptionAsItsOwnArgument() {
    ContainerSpec spec = ContainerSpec.builder("web").privateNetwork(true).hostAddress("10.0.0.1").localAddress("10.0.0.2")
        .bindMount("/mnt/a:b", "/srv/x", false).tmpfs("/var:mode=0755").capability("CAP_SYS_TIME").enableTun(true)
        .extraFlag("--quiet").extraFlag("--setenv=A=b c").build();
    List<String> argv = NspawnCommand.argv(spec, BUSYBOX, StartMode.PREPARED, NspawnCommand.NSPAWN);
    assertEquals(List.of("/usr/bin/systemd-nspawn", "--register=no", "--keep-unit", "--machine=web",
        "--directory=/run/rtnl4j/images/web", "--bind-ro=/usr/bin/busybox:/usr/bin/busybox", "--link-journal=no",
        "--network-namespace-path=/run/netns/web", "--notify-ready=no", "--console=pipe",
        "--bind=/srv/x:/mnt/a\\:b", "--tmpfs=/var:mode=0755", "--capability=CAP_SYS_TIME,CAP_NET_ADMIN",
        "--bind=/dev/net/tun", "--quiet", "--setenv=A=b c", "--"), argv.subList(0, 17));
    assertEquals(NspawnCommand.BUSYBOX_INIT, argv.subList(17, argv.size()));
  }

  @Test
  void compatibleModeUsesContainersNixsOwnNspawnFlags() {
    ContainerSpec spec = ContainerSpec.builder("web").privateNetwork(true).hostBridge("br0").localAddress("10.0.0.2/24")
        .forwardPort("udp", 53, 5353).extraVeth("xv0", null, null, null, null, null).interfaceMovedIn("eth1")
        .macvlan("eth2").build();
    List<String> argv = NspawnCommand.argv(spec, BUSYBOX, StartMode.COMPATIBLE, NspawnCommand.NSPAWN);
    int i = argv.indexOf("--private-network");
    assertEquals(List.of("--private-network", "--network-bridge=br0", "--port=udp:53:5353", "--network-veth-extra=xv0",
        "--network-interface=eth1", "--network-macvlan=eth2"), argv.subList(i, i + 6));
    assertTrue(argv.stream().noneMatch(a -> a.startsWith("--network-namespace-path")));
  }

  @Test
  void bootingTheHostImageWaitsForSystemdAndSkipsFirstBoot() {
    ContainerSpec spec = ContainerSpec.builder("h").image("host").build();
    ImageLayout host = new ImageLayout(Path.of("/"), List.of("--volatile=yes", "--link-journal=no"),
        List.of("systemd.firstboot=off"), false);
    List<String> argv = NspawnCommand.argv(spec, host, StartMode.PREPARED, NspawnCommand.NSPAWN);
    assertTrue(argv.containsAll(List.of("--directory=/", "--volatile=yes", "--notify-ready=yes", "--console=read-only")));
    assertEquals(List.of("--boot", "--", "systemd.firstboot=off"), argv.subList(argv.size() - 3, argv.size()));
    assertTrue(argv.stream().noneMatch(a -> a.startsWith("--network")), "shares the host network");
  }
}
