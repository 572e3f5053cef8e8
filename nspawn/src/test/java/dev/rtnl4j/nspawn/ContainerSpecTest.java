package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {

  private static ContainerSpec.Builder web() {
    return ContainerSpec.builder("web").privateNetwork(true).hostAddress("10.231.0.1").localAddress("10.231.0.2");
  }

  private static String error(ContainerSpec.Builder b) {
    return assertThrows(SpecException.class, b::build).getMessage();
  }

  @Test
  void addressesWithoutPrefixAreHostAddresses() {
    ContainerSpec s = web().hostAddress6("fc00::1").localAddress6("fc00:0:0::2/64").build();
    assertEquals("10.231.0.1/32", s.hostAddress().toString());
    assertEquals("10.231.0.2/32", s.localAddress().toString());
    assertEquals("fc00::1/128", s.hostAddress6().toString());
    assertEquals("fc00::2/64", s.localAddress6().toString());
    assertEquals("fc00::/64", s.localAddress6().network().toString());
    assertTrue(s.hasMainVeth());
    assertEquals(Duration.ofMinutes(1), s.timeoutStart());
  }

  @Test
  void badAddressIsReportedWithContainerFieldAndValue() {
    assertEquals("container \"web\": localAddress \"10.0.0.300\": not an IPv4 address",
        error(web().localAddress("10.0.0.300")));
    assertEquals("container \"web\": hostAddress \"fc00::1\": not an IPv4 address",
        error(web().hostAddress("fc00::1")));
    assertEquals("container \"web\": localAddress6 \"10.0.0.1\": not an IPv6 address",
        error(web().localAddress6("10.0.0.1")));
    assertEquals("container \"web\": localAddress \"10.0.0.1/33\": prefix length /33 is longer than 32",
        error(web().localAddress("10.0.0.1/33")));
    assertTrue(error(web().localAddress("10.1")).contains("not an IPv4 address"));
    assertTrue(error(web().extraVeth("ve1", null, "10.1.1.x", null, null, null))
        .startsWith("container \"web\": extraVeths.ve1.hostAddress \"10.1.1.x\""));
  }

  @Test
  void hostBridgeExcludesHostAddresses() {
    assertEquals("container \"web\": hostBridge: only one of hostAddress* or hostBridge can be given",
        error(web().hostBridge("br0")));
  }

  @Test
  void networkOptionsNeedPrivateNetwork() {
    assertEquals("container \"c\": hostAddress: needs privateNetwork = true",
        error(ContainerSpec.builder("c").hostAddress("10.0.0.1")));
    assertTrue(error(ContainerSpec.builder("c").forwardPort("tcp", 80, null)).contains("forwardPorts"));
  }

  @Test
  void forwardPortsAreCheckedPortByPortAndAHostPortIsForwardedOnce() {
    // without a local address the spec is valid: nspawn's --port (compatible mode) finds the address itself
    ContainerSpec.builder("c").privateNetwork(true).hostBridge("br0").forwardPort("tcp", 80, null).build();
    ContainerSpec.builder("c").privateNetwork(true).hostAddress6("fc00::1").localAddress6("fc00::2").forwardPort("tcp", 80, null).build();
    assertEquals("container \"web\": forwardPorts[2].hostPort \"8080\": tcp 8080 is already forwarded by forwardPorts[0]",
        error(web().forwardPort("tcp", 8080, 80).forwardPort("udp", 8080, 80).forwardPort("tcp", 8080, 81)));
  }

  @Test
  void machineNamesFollowHostnameRules() {
    assertTrue(error(ContainerSpec.builder("we b")).startsWith("container \"we b\": name \"we b\": only letters"));
    assertTrue(error(ContainerSpec.builder("")).contains("needs a name"));
    assertTrue(error(ContainerSpec.builder("a..b")).contains("empty label"));
    assertTrue(error(ContainerSpec.builder("x".repeat(65))).contains("longer than 64"));
    assertTrue(error(ContainerSpec.builder("-x")).contains("must not start with '-'"));
  }

  @Test
  void longNamesWithPrivateNetworkAreAcceptedUnlikeContainersNix() {
    ContainerSpec s = ContainerSpec.builder("webserver-production-01").privateNetwork(true)
        .hostAddress("10.0.0.1").localAddress("10.0.0.2").build();
    assertEquals("webserver-production-01", s.name());
  }

  @Test
  void portsAreCheckedAndContainerPortDefaultsToHostPort() {
    ContainerSpec s = web().forwardPort(null, 8080, null).forwardPort("udp", 53, 5353).build();
    assertEquals(List.of(new PortForward("tcp", 8080, 8080), new PortForward("udp", 53, 5353)), s.forwardPorts());
    assertEquals("container \"web\": forwardPorts[0].protocol \"sctp\": must be tcp or udp",
        error(web().forwardPort("sctp", 1, 1)));
    assertEquals("container \"web\": forwardPorts[0].hostPort \"70000\": not a port (1..65535)",
        error(web().forwardPort("tcp", 70000, 1)));
  }

  @Test
  void bindPathsWithColonsAreEscapedForNspawn() {
    BindMount b = new BindMount("/mnt/a:b", "/srv/x:y\\z", false);
    assertEquals("--bind=/srv/x\\:y\\\\z:/mnt/a\\:b", b.nspawnArgument());
    assertEquals("--bind-ro=/home:/home", new BindMount("/home", null, true).nspawnArgument());
  }

  @Test
  void bindPathsMustBeAbsoluteAndPrintable() {
    assertEquals("container \"web\": bindMounts[0].mountPoint \"mnt\": must be an absolute path",
        error(web().bindMount("mnt", null, true)));
    assertTrue(error(web().bindMount("/mnt", "/a\nb", true)).contains("control characters"));
    assertTrue(error(web().bindMount("/mnt/../etc", null, true)).contains("\"..\""));
  }

  @Test
  void timeoutIsReadAsSystemdTimeSpans() {
    assertEquals(Duration.ofSeconds(15), web().timeoutStartSec("15s").build().timeoutStart());
    assertEquals(Duration.ofSeconds(90), web().timeoutStartSec("1min 30s").build().timeoutStart());
    assertEquals(Duration.ofMillis(1500), web().timeoutStartSec("1.5").build().timeoutStart());
    assertEquals("container \"web\": timeoutStartSec \"1 fortnight\": not a time span (unknown unit \"fortnight\")",
        error(web().timeoutStartSec("1 fortnight")));
  }

  @Test
  void enableTunAddsTheDeviceAndCapabilityAsContainersNixDoes() {
    ContainerSpec s = web().enableTun(true).capability("CAP_SYS_TIME").allowedDevice("/dev/fuse", "rwm").build();
    assertEquals(List.of("CAP_SYS_TIME", "CAP_NET_ADMIN", "CAP_MKNOD"), s.effectiveCapabilities());
    assertEquals(List.of(new AllowedDevice("/dev/fuse", "rwm"), new AllowedDevice("/dev/net/tun", "rw")),
        s.effectiveDevices());
    assertTrue(error(web().allowedDevice("/dev/fuse", "rx")).contains("combination of r, w and m"));
    assertTrue(error(web().capability("NET_ADMIN")).contains("not a capability name"));
  }

  @Test
  void interfaceNamesAreCheckedAndClashesRefused() {
    assertTrue(error(web().interfaceMovedIn("eth0")).contains("used twice"));
    assertTrue(error(web().macvlan("this-is-too-long-name")).contains("longer than 15"));
    assertTrue(error(web().extraVeth("v1", null, null, null, null, null).extraVeth("v1", null, null, null, null, null))
        .contains("used twice"));
    assertTrue(error(web().macvlan("eth1").macvlan("eth1")).contains("listed twice"));
  }

  @Test
  void macvlansAndInterfacesImplyAnOwnNetwork() {
    ContainerSpec s = ContainerSpec.builder("m").macvlan("eth1").build();
    assertTrue(s.ownNetwork());
    assertFalse(s.hasMainVeth());
    assertEquals("/run/netns/m", s.netnsPath().toString());
    assertTrue(s.ownsNetns());
  }

  @Test
  void hostsLineIsTheOneContainersNixGenerates() {
    assertEquals("10.231.0.2 web.containers", web().localAddress("10.231.0.2/24").build().hostsLine());
  }

  @Test
  void containerMacIsChecked() {
    assertEquals("02:00:00:00:00:01", web().containerMac("02:00:00:00:00:01").build().containerMac());
    assertTrue(error(web().containerMac("01:00:00:00:00:01")).contains("multicast"));
    assertTrue(error(web().containerMac("zz")).contains("not a MAC address"));
  }

  @Test
  void imageTextIsHostBusyboxOrAnAbsoluteDirectory() {
    assertEquals(new Image.Host(), ContainerSpec.builder("a").image("host").build().image());
    assertEquals("container \"a\": image \"rootfs\": it is neither \"host\", \"busybox\" nor an absolute directory",
        assertThrows(SpecException.class, () -> ContainerSpec.builder("a").image("rootfs")).getMessage());
    assertTrue(ContainerSpec.builder("a").image("host").build().boots());
    assertFalse(ContainerSpec.builder("a").build().boots());
  }
}
