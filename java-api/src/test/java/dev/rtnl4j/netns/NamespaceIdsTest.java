package dev.rtnl4j.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.sys.NetlinkSocket;
import dev.rtnl4j.testkit.Require;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** nsid: RTM_GETNSID / RTM_NEWNSID against the real kernel, iproute2 as the witness. */
class NamespaceIdsTest {
  private final NetNamespaces namespaces = NetNamespaces.standard();
  private NetlinkChannel channel;
  private NamespaceIds ids;

  @BeforeEach
  void open() {
    Require.sandbox();
    Require.tool("/usr/sbin/ip", "iproute2");
    channel = NetlinkChannel.openRoute();
    ids = new NamespaceIds(channel);
  }

  @AfterEach
  void close() {
    channel.close();
    for (String n : namespaces.list()) {
      if (n.startsWith("nsid-")) {
        namespaces.delete(n);
      }
    }
  }

  @Test
  void freshNamespaceHasNoIdUntilOneIsAssignedAndIpSeesIt() throws Exception {
    try (NetNamespace peer = namespaces.create("nsid-a")) {
      assertEquals(OptionalInt.empty(), ids.idOf(peer));
      assertEquals(-1, IpTool.netnsId("nsid-a"));
      ids.assign(peer, 7);
      assertEquals(OptionalInt.of(7), ids.idOf(peer));
      assertEquals(7, IpTool.netnsId("nsid-a"));
    }
  }

  @Test
  void secondIdForTheSamePeerIsRefusedWithEexistAndTheKernelsWords() {
    try (NetNamespace peer = namespaces.create("nsid-b")) {
      ids.assign(peer, 3);
      KernelException e = assertThrows(KernelException.class, () -> ids.assign(peer, 4));
      assertEquals("EEXIST", e.errnoName());
      assertTrue(e.getMessage().contains("nsid-b"), e.getMessage());
      assertTrue(e.kernelMessage() != null && e.kernelMessage().contains("already"), e.getMessage());
      assertEquals(OptionalInt.of(3), ids.idOf(peer));
    }
  }

  @Test
  void kernelChoosesAnIdWhenAskedAndIpAgrees() throws Exception {
    try (NetNamespace peer = namespaces.create("nsid-c")) {
      int id = ids.assignAny(peer);
      assertTrue(id >= 0);
      assertEquals(id, IpTool.netnsId("nsid-c"));
    }
  }

  @Test
  void idsAreRelativeToTheAskingNamespacesSocket() {
    try (NetNamespace a = namespaces.create("nsid-d");
        NetNamespace self = NetNamespace.current();
        NetlinkChannel inside = new NetlinkChannel(a.openNetlinkSocket(NetlinkSocket.NETLINK_ROUTE), true)) {
      ids.assign(a, 11);
      NamespaceIds fromA = new NamespaceIds(inside);
      assertEquals(OptionalInt.empty(), fromA.idOf(self), "namespace a has no id for us yet");
      fromA.assign(self, 5);
      assertEquals(OptionalInt.of(5), fromA.idOf(self));
      assertEquals(OptionalInt.of(11), ids.idOf(a));
      assertNotEquals(fromA.idOf(self), ids.idOf(a));
    }
  }

  @Test
  void negativeIdIsRefusedBeforeAsking() {
    try (NetNamespace peer = namespaces.create("nsid-e")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ids.assign(peer, -2));
      assertTrue(e.getMessage().contains("-2"));
    }
  }
}
