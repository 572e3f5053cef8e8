package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.RawAttribute;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.Request;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Design decision 6: attributes the records do not model survive, byte for byte, and can be written back. */
class UnknownAttributesTest {
  private static final Set<Integer> MODELLED = Set.of(Ifla.IFLA_IFNAME, Ifla.IFLA_MTU, Ifla.IFLA_ADDRESS,
      Ifla.IFLA_BROADCAST, Ifla.IFLA_MASTER, Ifla.IFLA_TXQLEN, Ifla.IFLA_IFALIAS, Ifla.IFLA_OPERSTATE, Ifla.IFLA_LINK,
      Ifla.IFLA_LINK_NETNSID, Ifla.IFLA_PROP_LIST, Ifla.IFLA_LINKINFO);

  @Test
  void everyAttributeOfAKernelLinkMessageIsModelledOrKeptAsBytes() {
    Sandbox.require();
    try (Rtnl rtnl = Rtnl.open()) {
      rtnl.links().create(LinkSpec.builder("ua0", Veth.withPeer(VethPeer.named("ua0p"))).index(66).build());
      Request get = new Request() {
        @Override
        public int type() {
          return Rtm.RTM_GETLINK;
        }

        @Override
        public int flags() {
          return 0;
        }

        @Override
        public void encodeBody(MessageWriter w) {
          w.ifinfomsg(0, 0, 66, 0, 0);
        }

        @Override
        public String describe() {
          return "get link 66 with stats";
        }
      };
      byte[] raw = rtnl.channel().get(get, c -> {
        byte[] b = new byte[c.length()];
        c.buffer().get(c.offset(), b, 0, b.length);
        return b;
      });
      ByteBuffer seg = ByteBuffer.allocateDirect(raw.length).order(ByteOrder.nativeOrder()).put(0, raw);
      Link link = (Link) RtnlDecoders.decodeAll(seg).get(0);
      MessageCursor m = new MessageCursor(seg);
      m.next();
      AttributeCursor a = m.attributes(Ifla.IFINFOMSG_LEN, "ifinfomsg", new AttributeCursor());
      List<RawAttribute> expectedUnknown = new ArrayList<>();
      while (a.next()) {
        if (!MODELLED.contains(a.type())) {
          expectedUnknown.add(a.raw());
        }
      }
      assertTrue(expectedUnknown.size() > 10, "the kernel sends many attributes we do not model: " + expectedUnknown.size());
      assertEquals(expectedUnknown, link.unknown());
      // and they write back identically
      MessageWriter w = new MessageWriter(256);
      for (RawAttribute r : link.unknown()) {
        w.raw(r);
      }
      AttributeCursor back = new AttributeCursor().reset(w.written(), 0, w.position());
      List<RawAttribute> reread = new ArrayList<>();
      while (back.next()) {
        reread.add(back.raw());
      }
      assertEquals(link.unknown(), reread);
      rtnl.links().delete(LinkRef.index(66));
    }
  }
}
