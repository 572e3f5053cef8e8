package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The port-forward table rtnl4j makes over netlink is the one {@code nft -f} makes from nft's own
 * language (the test backend's rules, written as nspawn's rules read): {@code nft list table}
 * cannot tell them apart.
 */
class PortForwardEquivalenceTest {
  private static final List<PortForward> PORTS = List.of(new PortForward("tcp", 8080, 80), new PortForward("udp", 53, 5353));
  private static final InetAddress V4 = IpPrefix.parse("10.231.41.2").address();
  private static final InetAddress V6 = IpPrefix.parse("fc00:41::2").address();

  @Test
  void netlinkMakesTheTableNftMakes() throws Exception {
    Require.sandbox();
    Require.tool("/usr/sbin/nft", "nftables");
    IpCommandBackend nft = new IpCommandBackend();
    nft.applyPortForwards("rtnl4j-pfeq", PORTS, V4, V6);
    String viaNft = IpCommandBackend.run(List.of("nft", "list", "table", "inet", "rtnl4j-pfeq"));
    assertTrue(nft.removePortForwards("rtnl4j-pfeq"));
    assertFalse(nft.removePortForwards("rtnl4j-pfeq"));
    String viaNetlink;
    try (RtnlNetworkBackend rtnl = RtnlNetworkBackend.open()) {
      rtnl.applyPortForwards("rtnl4j-pfeq", PORTS, V4, V6);
      viaNetlink = IpCommandBackend.run(List.of("nft", "list", "table", "inet", "rtnl4j-pfeq"));
      assertTrue(rtnl.removePortForwards("rtnl4j-pfeq"));
      assertFalse(rtnl.removePortForwards("rtnl4j-pfeq"));
    }
    assertEquals(viaNft, viaNetlink);
    assertEquals(8, viaNetlink.lines().filter(l -> l.contains("dnat")).count(), viaNetlink);
  }
}
