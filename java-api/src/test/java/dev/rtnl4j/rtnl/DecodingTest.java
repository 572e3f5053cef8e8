package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.IflaInfoData;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nda;
import dev.rtnl4j.codec.Rtm;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Decoding of notifications and kind data from hand-made messages: what the event stream makes of
 * each link message, and how the decoders treat values they do not know and malformed input.
 */
class DecodingTest {

  private static MessageCursor message(int type, Consumer<MessageWriter> body) {
    MessageWriter w = new MessageWriter(256);
    int start = w.beginMessage(type, 0, 0, 0);
    body.accept(w);
    w.endMessage(start);
    MessageCursor c = new MessageCursor(w.written());
    assertTrue(c.next());
    return c;
  }

  private static MessageCursor link(int type, int family, int change, Consumer<MessageWriter> more) {
    return message(type, w -> {
      w.ifinfomsg(family, 1, 5, 0, change);
      w.string(Ifla.IFLA_IFNAME, "x5");
      more.accept(w);
    });
  }

  @Test
  void newLinkWithAllChangeBitsIsAddedOtherwiseChanged() {
    assertInstanceOf(NetworkEvent.LinkAdded.class, EventCodec.decode(link(Rtm.RTM_NEWLINK, 0, 0xffffffff, w -> { })));
    assertInstanceOf(NetworkEvent.LinkChanged.class, EventCodec.decode(link(Rtm.RTM_NEWLINK, 0, Rtm.IFF_UP, w -> { })));
    assertInstanceOf(NetworkEvent.LinkChanged.class, EventCodec.decode(link(Rtm.RTM_NEWLINK, 0, 0, w -> { })));
    NetworkEvent.LinkRemoved gone = assertInstanceOf(NetworkEvent.LinkRemoved.class,
        EventCodec.decode(link(Rtm.RTM_DELLINK, 0, 0, w -> { })));
    assertEquals("x5", gone.link().name());
  }

  @Test
  void bridgePortLinkMessagesAreNoEvents() {
    assertNull(EventCodec.decode(link(Rtm.RTM_DELLINK, Rtm.AF_BRIDGE, 0, w -> { })));
    assertNull(EventCodec.decode(link(Rtm.RTM_NEWLINK, Rtm.AF_BRIDGE, 0xffffffff, w -> { })));
  }

  @Test
  void bridgeForwardingEntriesAreNoNeighbourEvents() {
    MessageCursor fdb = message(Rtm.RTM_NEWNEIGH, w -> {
      w.ndmsg(Rtm.AF_BRIDGE, 5, Nda.NUD_PERMANENT, Nda.NTF_SELF, 0);
      w.bytes(Nda.NDA_LLADDR, new byte[] {2, 0, 0, 0, 0, 1});
    });
    assertNull(EventCodec.decode(fdb));
  }

  @Test
  void neighbourNotificationBecomesATypedEvent() throws Exception {
    MessageCursor m = message(Rtm.RTM_DELNEIGH, w -> {
      w.ndmsg(Rtm.AF_INET6, 5, Nda.NUD_STALE, Nda.NTF_ROUTER, 1);
      w.bytes(Nda.NDA_DST, Literal.ip("fe80::1").getAddress());
      w.bytes(Nda.NDA_LLADDR, new byte[] {2, 0, 0, 0, 0, 1});
      w.u32(Nda.NDA_PROBES, 3);
      w.u32(Nda.NDA_VLAN + 100, 9); // an attribute not modelled is kept
    });
    NetworkEvent.NeighbourRemoved e = assertInstanceOf(NetworkEvent.NeighbourRemoved.class, EventCodec.decode(m));
    Neighbour n = e.neighbour();
    assertEquals(InetAddress.getByName("fe80::1"), n.destination());
    assertEquals(MacAddress.parse("02:00:00:00:00:01"), n.linkAddress());
    assertEquals(java.util.Set.of(NeighbourState.STALE), n.states());
    assertTrue(n.router());
    assertEquals(3, n.probes());
    assertEquals(1, n.unknown().size());
  }

  @Test
  void malformedNeighbourMessagesAreRefusedWithTheirOffset() {
    MessageCursor shortDst = message(Rtm.RTM_NEWNEIGH, w -> {
      w.ndmsg(Rtm.AF_INET, 5, Nda.NUD_PERMANENT, 0, 0);
      w.bytes(Nda.NDA_DST, new byte[] {10, 0, 0});
    });
    MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> NeighbourCodec.decode(shortDst));
    assertTrue(e.getMessage().contains("NDA_DST"), e.getMessage());
    MessageCursor truncated = message(Rtm.RTM_NEWNEIGH, w -> w.int32(2));
    assertThrows(MalformedMessageException.class, () -> NeighbourCodec.decode(truncated));
  }

  private static LinkKind kind(String name, Consumer<MessageWriter> data) {
    MessageCursor m = link(Rtm.RTM_NEWLINK, 0, 0, w -> {
      int li = w.beginNested(Ifla.IFLA_LINKINFO);
      w.string(Ifla.IFLA_INFO_KIND, name);
      int d = w.beginNested(Ifla.IFLA_INFO_DATA);
      data.accept(w);
      w.endNested(d);
      w.endNested(li);
    });
    return LinkCodec.decode(m).kind();
  }

  @Test
  void kindValuesThisLibraryDoesNotKnowAreKeptAsBytes() {
    UnknownKind mv = assertInstanceOf(UnknownKind.class, kind("macvlan", w -> w.u32(IflaInfoData.IFLA_MACVLAN_MODE, 64)));
    assertEquals("macvlan", mv.kindName());
    assertEquals(1, mv.data().size());
    assertInstanceOf(UnknownKind.class, kind("ipvlan", w -> w.u16(IflaInfoData.IFLA_IPVLAN_MODE, 7)));
    assertInstanceOf(UnknownKind.class, kind("vlan", w -> w.be16(IflaInfoData.IFLA_VLAN_PROTOCOL, 0x9100)));
  }

  @Test
  void kindDataIsReadIntoTheKindsRecord() throws Exception {
    assertEquals(new Macvlan(0, Macvlan.Mode.SOURCE, List.of(MacAddress.parse("02:00:00:00:00:09")), false),
        kind("macvlan", w -> {
          w.u32(IflaInfoData.IFLA_MACVLAN_MODE, IflaInfoData.MACVLAN_MODE_SOURCE);
          w.u32(IflaInfoData.IFLA_MACVLAN_MACADDR_COUNT, 1);
          int list = w.beginNested(IflaInfoData.IFLA_MACVLAN_MACADDR_DATA);
          w.bytes(IflaInfoData.IFLA_MACVLAN_MACADDR, new byte[] {2, 0, 0, 0, 0, 9});
          w.endNested(list);
        }));
    assertEquals(new Vlan(0, 42, Vlan.Protocol.IEEE_802_1AD, 1), kind("vlan", w -> {
      w.u16(IflaInfoData.IFLA_VLAN_ID, 42);
      w.be16(IflaInfoData.IFLA_VLAN_PROTOCOL, 0x88a8);
      int f = w.beginNested(IflaInfoData.IFLA_VLAN_FLAGS);
      w.int32(1).int32(0xffffffff);
      w.endNested(f);
    }));
    assertEquals(new Vxlan(7, InetAddress.getByName("10.0.0.1"), null, 4789, 0, true, null), kind("vxlan", w -> {
      w.u32(IflaInfoData.IFLA_VXLAN_ID, 7);
      w.bytes(IflaInfoData.IFLA_VXLAN_GROUP, new byte[4]); // 0.0.0.0: no remote
      w.bytes(IflaInfoData.IFLA_VXLAN_LOCAL, new byte[] {10, 0, 0, 1});
      w.be16(IflaInfoData.IFLA_VXLAN_PORT, 4789);
      w.u8(IflaInfoData.IFLA_VXLAN_LEARNING, 1);
    }));
    assertEquals(new Tun(TunTap.Mode.TAP, false, false, true, false, 1000, -1, 1), kind("tun", w -> {
      w.u8(IflaInfoData.IFLA_TUN_TYPE, IflaInfoData.IFF_TAP);
      w.u8(IflaInfoData.IFLA_TUN_PI, 0);
      w.u8(IflaInfoData.IFLA_TUN_PERSIST, 1);
      w.u32(IflaInfoData.IFLA_TUN_OWNER, 1000);
      w.u32(IflaInfoData.IFLA_TUN_NUM_QUEUES, 1);
    }));
  }

  private static MessageWriter twoLinks() {
    MessageWriter w = new MessageWriter(256);
    for (int index = 5; index <= 6; index++) {
      int start = w.beginMessage(Rtm.RTM_NEWLINK, 0, 0, 0);
      w.ifinfomsg(0, 1, index, Rtm.IFF_UP, 0);
      w.string(Ifla.IFLA_IFNAME, "x" + index);
      w.u32(Ifla.IFLA_MTU, 1400 + index);
      w.endMessage(start);
    }
    return w;
  }

  @Test
  void decodeAllOfADirectBufferGivesWhatAHeapCopyGives() {
    MessageWriter w = twoLinks();
    List<Object> fromBuffer = RtnlDecoders.decodeAll(w.written());
    assertEquals(2, fromBuffer.size());
    Link second = assertInstanceOf(Link.class, fromBuffer.get(1));
    assertEquals("x6", second.name());
    assertEquals(6, second.index());
    assertEquals(fromBuffer, RtnlDecoders.decodeAll(heapCopy(w.written())));
  }

  @Test
  void truncatedBufferIsRefusedWithTheSameErrorDirectOrOnTheHeap() {
    MessageWriter w = twoLinks();
    ByteBuffer cut = w.buffer().slice(0, w.position() - 6).order(java.nio.ByteOrder.nativeOrder());
    MalformedMessageException fromBuffer = assertThrows(MalformedMessageException.class, () -> RtnlDecoders.decodeAll(cut));
    MalformedMessageException fromSegment = assertThrows(MalformedMessageException.class,
        () -> RtnlDecoders.decodeAll(heapCopy(cut)));
    assertTrue(fromBuffer.getMessage().contains("runs past the end of the buffer"), fromBuffer.getMessage());
    assertEquals(w.position() / 2, fromBuffer.offset(), "the second message is the one cut");
    assertEquals(fromBuffer.getMessage(), fromSegment.getMessage());
    assertEquals(fromBuffer.offset(), fromSegment.offset());
  }

  /** The bytes {@code [0, limit)} of {@code b} in a heap buffer of native order. */
  private static ByteBuffer heapCopy(ByteBuffer b) {
    byte[] bytes = new byte[b.limit()];
    b.get(0, bytes);
    return ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.nativeOrder());
  }
}
