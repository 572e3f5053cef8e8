package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plan for privateNetwork + hostAddress + localAddress is workload W1's nine operations, and
 * carried out over rtnetlink it leaves exactly what the nine iproute2 commands leave: {@code ip -j}
 * on both sides cannot tell the difference (interface indexes aside).
 */
class W1EquivalenceTest {

  private static final ContainerSpec SPEC = ContainerSpec.builder("w1eq").privateNetwork(true)
      .hostAddress("10.231.40.1").localAddress("10.232.40.1").build();

  @Test
  void planIsW1sNineOperations() {
    assertEquals(List.of(
        "host: netns add /run/netns/w1eq",
        "host: link add ve-w1eq address " + InterfaceNames.macText(InterfaceNames.hostMac("w1eq"))
            + " numtxqueues 1 numrxqueues 1 type veth peer name eth0 address "
            + InterfaceNames.macText(InterfaceNames.containerMac("w1eq")) + " numtxqueues 1 numrxqueues 1 netns <container>",
        "host: addr add 10.231.40.1/32 dev ve-w1eq",
        "host: link set ve-w1eq up",
        "host: route add 10.232.40.1/32 dev ve-w1eq",
        "container: link set lo up",
        "container: addr add 10.232.40.1/32 dev eth0",
        "container: link set eth0 up",
        "container: route add 10.231.40.1/32 dev eth0",
        "container: route add default via 10.231.40.1 dev eth0"), NetworkPlan.of(SPEC).describe());
  }

  @Test
  void rtnetlinkLeavesWhatIproute2Leaves() throws Exception {
    Require.sandbox();
    Require.realRoot();
    String viaIp = applyAndShow(new IpCommandBackend());
    String viaRtnl;
    try (RtnlNetworkBackend rtnl = RtnlNetworkBackend.open()) {
      viaRtnl = applyAndShow(rtnl);
    }
    assertTrue(viaIp.contains("10.232.40.1") && viaIp.contains("\"gateway\":\"10.231.40.1\""), viaIp);
    assertEquals(viaIp, viaRtnl);
  }

  private static String applyAndShow(NetworkBackend backend) throws Exception {
    NetworkPlan plan = NetworkPlan.of(SPEC);
    Path netns = SPEC.netnsPath();
    backend.apply(plan, netns);
    try {
      List<String> out = new ArrayList<>();
      out.add(IpCommandBackend.run(List.of("ip", "-j", "-d", "link", "show", "dev", "ve-w1eq")));
      out.add(IpCommandBackend.run(List.of("ip", "-j", "-4", "addr", "show", "dev", "ve-w1eq")));
      out.add(IpCommandBackend.run(List.of("ip", "-j", "-4", "route", "show", "table", "all")));
      for (String what : new String[] {"link", "-4 addr", "-4 route show table all"}) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", "w1eq", "-j", "-d"));
        argv.addAll(List.of(what.split(" ")));
        out.add(IpCommandBackend.run(argv));
      }
      return String.join("\n", out)
          .replaceAll("\"(ifindex|link_index|link_netnsid)\":\\d+,?", "")
          .replaceAll("\"(inet6_addr_gen_mode|parentbus|parentdev)\":\"[^\"]*\",?", "");
    } finally {
      backend.deleteLink("ve-w1eq");
      backend.deleteNetns(netns);
    }
  }
}
