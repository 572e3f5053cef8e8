package dev.rtnl4j.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.ErrorMessage;
import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.NetlinkSocket;
import dev.rtnl4j.testkit.Require;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The socket boundary against the real kernel: requests written into buffers, replies read through one view. */
class SocketBuffersTest {

  private static void getLink(MessageWriter w, int seq, int index) {
    int m = w.beginMessage(Rtm.RTM_GETLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, seq, 0);
    w.ifinfomsg(Rtm.AF_UNSPEC, 0, index, 0, 0);
    w.endMessage(m);
  }

  @Test
  void repliesAreReadThroughOneViewOfTheSocketsReceiveBuffer() {
    Require.sandbox();
    try (NetlinkSocket socket = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE)) {
      SocketBuffers buffers = new SocketBuffers(socket);
      ByteBuffer lent = buffers.sendBuffer();
      assertTrue(lent.isDirect());
      assertEquals(ByteOrder.nativeOrder(), lent.order());
      MessageWriter w = new MessageWriter(lent);
      MessageCursor c = new MessageCursor();
      AttributeCursor a = new AttributeCursor();
      ByteBuffer view = null;
      for (int seq = 1; seq <= 3; seq++) {
        w.reset();
        getLink(w, seq, 1); // lo: index 1 in every network namespace
        buffers.send(w);
        String name = null;
        boolean acked = false;
        while (!acked) {
          assertTrue(buffers.receive(-1, c));
          if (view == null) {
            view = buffers.received();
          }
          assertSame(view, c.buffer(), "the same view for every datagram");
          while (c.next()) {
            assertEquals(seq, c.sequence());
            if (c.type() == Rtm.RTM_NEWLINK) {
              c.attributes(Ifla.IFINFOMSG_LEN, "ifinfomsg", a);
              while (a.next()) {
                if (a.type() == Ifla.IFLA_IFNAME) {
                  name = a.string();
                }
              }
            } else {
              assertEquals(Nl.NLMSG_ERROR, c.type());
              assertTrue(ErrorMessage.decode(c).isAck());
              acked = true;
            }
          }
        }
        assertEquals("lo", name);
      }
      assertFalse(buffers.receive(0, c), "nothing more is queued");
    }
  }

  @Test
  void aBatchThatOutgrewTheSocketsSendBufferIsSentWhole() {
    Require.sandbox();
    try (NetlinkSocket socket = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE)) {
      SocketBuffers buffers = new SocketBuffers(socket);
      int lent = buffers.sendBuffer().capacity();
      MessageWriter w = new MessageWriter(buffers.sendBuffer());
      int n = lent / 32 + 50; // 32 bytes each: past the lent buffer
      for (int seq = 1; seq <= n; seq++) {
        getLink(w, seq, 0x7ffffff0); // no such link: each answered by its own ENODEV
      }
      assertTrue(w.buffer().capacity() > lent, "the writer moved to a buffer of its own");
      buffers.send(w);
      BitSet refused = new BitSet();
      MessageCursor c = new MessageCursor();
      while (refused.cardinality() < n) {
        assertTrue(buffers.receive(-1, c));
        while (c.next()) {
          ErrorMessage e = ErrorMessage.decode(c);
          assertEquals(Errno.ENODEV, e.errno(), "request " + c.sequence());
          assertFalse(refused.get(c.sequence()), "one answer per request");
          refused.set(c.sequence());
        }
      }
      assertEquals(n, refused.cardinality());
      assertEquals(1, refused.nextSetBit(0));
      assertEquals(n, refused.previousSetBit(n + 10));
    }
  }
}
