package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.codec.IflaInfoData;
import dev.rtnl4j.proto.KernelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * dummy, vlan and ipvlan links against a real kernel that has them. <b>Runs in the kernel VM</b>
 * (Debian's 6.1 kernel under qemu, see it-tests' {@code KernelVm}), never on the host: this
 * machine's kernel lacks the three kinds. Tagged {@code vm} (java-api's Surefire excludes the
 * group) and {@code vm-preload} (the harness loads dummy, 8021q and ipvlan before it runs).
 *
 * <p>The guest has no iproute2, so the independent witness is the kernel's own files:
 * {@code /sys/class/net/NAME/...} (the {@code lower_*} link of a stacked device, the MTU) and
 * {@code /proc/net/vlan/config}.
 */
@Tag("vm")
@Tag("vm-preload")
class DummyVlanIpvlanVmTest {
  private Rtnl rtnl;
  private int lower;

  @BeforeEach
  void open() {
    Sandbox.require();
    rtnl = Rtnl.open();
    rtnl.links().create(LinkSpec.builder("dm-low", new Dummy()).up().build());
    lower = rtnl.links().get(LinkRef.name("dm-low")).index();
  }

  @AfterEach
  void close() {
    for (Link l : rtnl.links().list()) {
      if (l.kind() != null) {
        try {
          rtnl.links().delete(LinkRef.index(l.index()));
        } catch (KernelException ignored) {
          // went with its lower link
        }
      }
    }
    rtnl.close();
  }

  private static String sys(String name, String file) throws IOException {
    return Files.readString(Path.of("/sys/class/net", name, file)).strip();
  }

  private static boolean stackedOn(String upper, String lowerName) {
    return Files.exists(Path.of("/sys/class/net", upper, "lower_" + lowerName));
  }

  @Test
  void dummyIsCreatedWithIndexMtuAndUpAndReadBackAsDummy() throws IOException {
    rtnl.links().create(LinkSpec.builder("dm-a", new Dummy()).index(77).mtu(1300).up().build());
    Link l = rtnl.links().get(LinkRef.index(77));
    assertEquals("dm-a", l.name());
    assertEquals(new Dummy(), l.kind());
    assertEquals(1300, l.mtu());
    assertTrue(l.up());
    assertEquals("1300", sys("dm-a", "mtu"));
    assertEquals("77", sys("dm-a", "ifindex"));
    assertTrue(rtnl.links().listByKind("dummy").stream().anyMatch(x -> x.name().equals("dm-a")));
  }

  @Test
  void vlanHasItsIdAndProtocolOnItsLowerLink() throws IOException {
    rtnl.links().create(LinkSpec.builder("vl100", Vlan.on(lower, 100)).build());
    rtnl.links().create(LinkSpec.builder("vl200", Vlan.on(lower, 200).with(Vlan.Protocol.IEEE_802_1AD)).build());
    Link a = rtnl.links().get(LinkRef.name("vl100"));
    Vlan ka = (Vlan) a.kind();
    assertEquals(100, ka.id());
    assertEquals(Vlan.Protocol.IEEE_802_1Q, ka.protocol());
    assertEquals(IflaInfoData.VLAN_FLAG_REORDER_HDR, ka.flags() & IflaInfoData.VLAN_FLAG_REORDER_HDR, "the kernel's default");
    assertEquals(lower, a.linkIndex());
    Vlan kb = (Vlan) rtnl.links().get(LinkRef.name("vl200")).kind();
    assertEquals(Vlan.Protocol.IEEE_802_1AD, kb.protocol());
    assertTrue(stackedOn("vl100", "dm-low"));
    String config = Files.readString(Path.of("/proc/net/vlan/config"));
    assertTrue(config.lines().anyMatch(line -> line.matches("vl100\\s*\\|\\s*100\\s*\\|\\s*dm-low")), config);
    assertTrue(config.lines().anyMatch(line -> line.matches("vl200\\s*\\|\\s*200\\s*\\|\\s*dm-low")), config);
  }

  @Test
  void secondVlanWithTheSameIdOnTheSameLinkIsRefusedWithEexist() {
    rtnl.links().create(LinkSpec.builder("vl5", Vlan.on(lower, 5)).build());
    KernelException e = assertThrows(KernelException.class,
        () -> rtnl.links().create(LinkSpec.builder("vl5b", Vlan.on(lower, 5)).build()));
    assertEquals("EEXIST", e.errnoName());
    assertTrue(e.getMessage().contains("create vlan vl5b"), e.getMessage());
  }

  @Test
  void vlanFlagsAreSetAsGiven() {
    rtnl.links().create(LinkSpec.builder("vl6", Vlan.on(lower, 6).withFlags(IflaInfoData.VLAN_FLAG_LOOSE_BINDING)).build());
    Vlan k = (Vlan) rtnl.links().get(LinkRef.name("vl6")).kind();
    assertEquals(IflaInfoData.VLAN_FLAG_LOOSE_BINDING, k.flags(), "loose binding on, reorder_hdr off");
  }

  @Test
  void ipvlanIsCreatedInEachModeAndIsolation() {
    int i = 0;
    for (Ipvlan.Mode mode : Ipvlan.Mode.values()) {
      for (Ipvlan.Isolation iso : Ipvlan.Isolation.values()) {
        // one lower link each: mode and isolation are the lower link's (see the next test)
        String low = "dl" + i;
        String name = "ipv" + i++;
        rtnl.links().create(LinkSpec.builder(low, new Dummy()).build());
        int lowIndex = rtnl.links().get(LinkRef.name(low)).index();
        rtnl.links().create(LinkSpec.builder(name, Ipvlan.on(lowIndex, mode).with(iso)).build());
        Link l = rtnl.links().get(LinkRef.name(name));
        assertEquals(new Ipvlan(0, mode, iso), l.kind(), name);
        assertEquals(lowIndex, l.linkIndex());
        assertTrue(stackedOn(name, low), name + " is stacked on " + low + " in sysfs");
      }
    }
  }

  @Test
  void ipvlanModeAndIsolationBelongToTheLowerLinkAndTheLastCreationSetsThem() {
    rtnl.links().create(LinkSpec.builder("ipv-a", Ipvlan.on(lower, Ipvlan.Mode.L2).with(Ipvlan.Isolation.PRIVATE)).build());
    rtnl.links().create(LinkSpec.builder("ipv-b", Ipvlan.on(lower, Ipvlan.Mode.L3).with(Ipvlan.Isolation.VEPA)).build());
    Ipvlan a = (Ipvlan) rtnl.links().get(LinkRef.name("ipv-a")).kind();
    assertEquals(new Ipvlan(0, Ipvlan.Mode.L3, Ipvlan.Isolation.VEPA), a, "ipv-a now reports what ipv-b was created with");
  }

  @Test
  void ipvlanSharesTheLowerLinksMacAddress() throws IOException {
    rtnl.links().create(LinkSpec.builder("ipv-mac", Ipvlan.on(lower, Ipvlan.Mode.L2)).build());
    assertEquals(rtnl.links().get(LinkRef.index(lower)).address(), rtnl.links().get(LinkRef.name("ipv-mac")).address());
    assertEquals(sys("dm-low", "address"), sys("ipv-mac", "address"));
  }
}
