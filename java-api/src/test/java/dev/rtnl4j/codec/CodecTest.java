package dev.rtnl4j.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CodecTest {

  private static MessageWriter vethCreate(MessageWriter w) {
    int m = w.beginMessage(Rtm.RTM_NEWLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, 7, 0);
    w.ifinfomsg(Rtm.AF_UNSPEC, 0, 0, Rtm.IFF_UP, Rtm.IFF_UP);
    w.string(Ifla.IFLA_IFNAME, "ve-c1");
    w.u32(Ifla.IFLA_MTU, 1400);
    int li = w.beginNested(Ifla.IFLA_LINKINFO);
    w.string(Ifla.IFLA_INFO_KIND, "veth");
    int data = w.beginNested(Ifla.IFLA_INFO_DATA);
    int peer = w.beginNested(Ifla.VETH_INFO_PEER);
    w.ifinfomsg(Rtm.AF_UNSPEC, 0, 2, 0, 0);
    w.string(Ifla.IFLA_IFNAME, "eth0");
    w.u32(Ifla.IFLA_NET_NS_FD, 9);
    w.endNested(peer);
    w.endNested(data);
    w.endNested(li);
    w.endMessage(m);
    return w;
  }

  @Test
  void writtenMessageReadsBackWithPatchedLengthsAndAlignment() {
    MessageWriter w = vethCreate(new MessageWriter(64));
    ByteBuffer s = w.written();
    MessageCursor c = new MessageCursor(s);
    assertTrue(c.next());
    assertEquals(w.position(), c.length());
    assertEquals(0, c.length() % 4);
    assertEquals(Rtm.RTM_NEWLINK, c.type());
    assertEquals(7, c.sequence());
    AttributeCursor a = c.attributes(Ifla.IFINFOMSG_LEN, "ifinfomsg", new AttributeCursor());
    assertTrue(a.next());
    assertEquals(Ifla.IFLA_IFNAME, a.type());
    assertEquals("ve-c1", a.string());
    assertEquals(6, a.payloadLength());
    assertTrue(a.next());
    assertEquals(1400, a.u32("IFLA_MTU"));
    assertTrue(a.next());
    assertEquals(Ifla.IFLA_LINKINFO, a.type());
    AttributeCursor li = a.nested();
    assertTrue(li.next());
    assertEquals("veth", li.string());
    assertTrue(li.next());
    AttributeCursor data = li.nested();
    assertTrue(data.next());
    assertEquals(Ifla.VETH_INFO_PEER, data.type());
    AttributeCursor peer = new AttributeCursor().reset(s, data.payloadOffset() + 16, data.payloadOffset() + data.payloadLength());
    assertTrue(peer.next());
    assertEquals("eth0", peer.string());
    assertTrue(peer.next());
    assertEquals(9, peer.u32("IFLA_NET_NS_FD"));
    assertFalse(peer.next());
    assertFalse(data.next());
    assertFalse(li.next());
    assertFalse(a.next());
    assertFalse(c.next());
  }

  @Test
  void writerGrowsAndKeepsEarlierMessages() {
    MessageWriter w = new MessageWriter(64);
    for (int i = 0; i < 100; i++) {
      vethCreate(w);
    }
    MessageCursor c = new MessageCursor(w.written());
    int n = 0;
    while (c.next()) {
      assertEquals(Rtm.RTM_NEWLINK, c.type());
      n++;
    }
    assertEquals(100, n);
  }

  @Test
  void nonAsciiStringsAreEncodedAsUtf8() {
    MessageWriter w = new MessageWriter(64);
    int m = w.beginMessage(Rtm.RTM_NEWLINK, 0, 1, 0);
    w.ifinfomsg(0, 0, 0, 0, 0);
    String s = "é€\uD83D\uDE00x";
    w.string(Ifla.IFLA_IFALIAS, s);
    w.endMessage(m);
    MessageCursor c = new MessageCursor(w.written());
    c.next();
    AttributeCursor a = c.attributes(16, "ifinfomsg", new AttributeCursor());
    a.next();
    assertEquals(s, a.string());
    assertEquals(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1, a.payloadLength());
  }

  private static ByteBuffer bytes(int... b) {
    ByteBuffer s = ByteBuffer.allocateDirect(b.length).order(ByteOrder.nativeOrder());
    for (int i = 0; i < b.length; i++) {
      s.put(i, (byte) b[i]);
    }
    return s;
  }

  @Test
  void attributeShorterThanItsHeaderIsRejected() {
    ByteBuffer s = bytes(2, 0, 1, 0, 0, 0, 0, 0);
    AttributeCursor a = new AttributeCursor().reset(s, 0, 8);
    MalformedMessageException e = assertThrows(MalformedMessageException.class, a::next);
    assertTrue(e.getMessage().contains("nla_len 2 < 4"), e.getMessage());
    assertEquals(0, e.offset());
  }

  @Test
  void nestedAttributeRunningPastItsParentIsRejected() {
    // parent: len 12 type 18, holds child with len 16 (past the parent's end)
    ByteBuffer s = bytes(12, 0, 18, 0, 16, 0, 1, 0, 'a', 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    AttributeCursor a = new AttributeCursor().reset(s, 0, 20);
    assertTrue(a.next());
    AttributeCursor child = a.nested();
    MalformedMessageException e = assertThrows(MalformedMessageException.class, child::next);
    assertEquals(4, e.offset());
    assertTrue(e.getMessage().contains("past the end"), e.getMessage());
  }

  @Test
  void messageLengthPastBufferIsRejected() {
    MessageWriter w = vethCreate(new MessageWriter());
    MessageCursor c = new MessageCursor().reset(w.buffer(), 0, w.position() - 4);
    MalformedMessageException e = assertThrows(MalformedMessageException.class, c::next);
    assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
  }

  @Test
  void zeroLengthMessageIsRejectedNotLoopedOn() {
    MessageCursor c = new MessageCursor(ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder()));
    assertThrows(MalformedMessageException.class, c::next);
  }

  @Test
  void fixedSizeValueOfWrongSizeIsRejected() {
    ByteBuffer s = bytes(6, 0, 4, 0, 1, 2, 0, 0);
    AttributeCursor a = new AttributeCursor().reset(s, 0, 8);
    assertTrue(a.next());
    MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> a.u32("IFLA_MTU"));
    assertTrue(e.getMessage().contains("IFLA_MTU"), e.getMessage());
  }

  @Test
  void stringWithoutTerminatorStopsAtPayloadEnd() {
    ByteBuffer s = bytes(7, 0, 3, 0, 'a', 'b', 'c', 'X');
    AttributeCursor a = new AttributeCursor().reset(s, 0, 7);
    assertTrue(a.next());
    assertEquals("abc", a.string());
  }

  @Test
  void extendedAckIsDecodedAndOffsetMapsBackToAttribute() {
    MessageWriter req = vethCreate(new MessageWriter());
    // find the offset of the peer's IFLA_IFNAME inside the request
    int peerNameOffset = -1;
    ByteBuffer rs = req.written();
    for (int i = 16; i + 9 < req.position(); i += 4) {
      if (rs.get(i + 4) == 'e' && rs.get(i + 5) == 't' && rs.get(i + 6) == 'h' && rs.get(i + 7) == '0') {
        peerNameOffset = i;
      }
    }
    assertTrue(peerNameOffset > 0);
    assertEquals("IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER > IFLA_IFNAME",
        AttributePath.describe(rs, 0, peerNameOffset));
    assertEquals("IFLA_MTU", AttributePath.describe(rs, 0, 16 + 16 + 12));

    MessageWriter w = new MessageWriter();
    int m = w.beginMessage(Nl.NLMSG_ERROR, Nl.NLM_F_CAPPED | Nl.NLM_F_ACK_TLVS, 7, 1234);
    w.nlmsgerr(-17, req.position(), Rtm.RTM_NEWLINK, 0x605, 7, 0);
    w.string(Nl.NLMSGERR_ATTR_MSG, "Interface name too long");
    w.u32(Nl.NLMSGERR_ATTR_OFFS, peerNameOffset);
    w.endMessage(m);
    MessageCursor c = new MessageCursor(w.written());
    assertTrue(c.next());
    ErrorMessage e = ErrorMessage.decode(c);
    assertEquals(17, e.errno());
    assertEquals(Rtm.RTM_NEWLINK, e.requestType());
    assertEquals(7, e.requestSequence());
    assertEquals("Interface name too long", e.message());
    assertEquals(peerNameOffset, e.offendingOffset());
  }

  @Test
  void writerComposesInABorrowedBufferAndMovesToItsOwnWhenItOutgrowsIt() {
    ByteBuffer lent = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
    MessageWriter w = new MessageWriter(lent);
    int start = w.beginMessage(16, 1, 7, 0);
    w.ifinfomsg(0, 0, 1, 0, 0);
    w.endMessage(start);
    assertTrue(w.buffer() == lent, "32 bytes fit in the lent buffer");
    assertEquals(32, lent.getInt(0));
    int second = w.beginMessage(16, 1, 8, 0);
    w.ifinfomsg(0, 0, 2, 0, 0);
    w.bytes(3, new byte[100]);
    w.endMessage(second);
    assertFalse(w.buffer() == lent, "outgrown: a buffer of its own");
    assertTrue(w.buffer().isDirect());
    assertEquals(ByteOrder.nativeOrder(), w.buffer().order());
    assertEquals(32, w.buffer().getInt(0), "what was written before is kept");
    assertEquals(7, w.buffer().getInt(8));
    assertEquals(8, w.buffer().getInt(32 + 8));
    assertEquals(0, lent.position(), "the lent buffer's position is left alone");
  }

  @Test
  void writerRefusesAHeapTinyOrBigEndianBufferNamingIt() {
    IllegalArgumentException heap = assertThrows(IllegalArgumentException.class,
        () -> new MessageWriter(ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder())));
    assertTrue(heap.getMessage().contains("direct, writable buffer of at least 64 bytes"), heap.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new MessageWriter(ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder())));
    ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> new MessageWriter(ByteBuffer.allocateDirect(4096).order(other)));
    assertTrue(order.getMessage().contains("a writer needs a buffer in native byte order"), order.getMessage());
  }

  @Test
  void cursorsRefuseABufferInTheWrongByteOrderNamingIt() {
    ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    ByteBuffer wrong = vethCreate(new MessageWriter()).written().order(other);
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> new MessageCursor(wrong));
    assertTrue(m.getMessage().contains("a message cursor needs a buffer in native byte order"), m.getMessage());
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
        () -> new AttributeCursor().reset(wrong, 16, 32));
    assertTrue(a.getMessage().contains("an attribute cursor needs a buffer in native byte order"), a.getMessage());
  }

  @Test
  void cursorRangeOutsideTheBufferIsRefused() {
    ByteBuffer s = vethCreate(new MessageWriter()).written();
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> new MessageCursor().reset(s, 0, s.limit() + 4));
    assertTrue(e.getMessage().contains("outside a buffer of " + s.limit() + " bytes"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> new AttributeCursor().reset(s, 16, s.limit() + 1));
    s.limit(20);
    assertThrows(IndexOutOfBoundsException.class, () -> new AttributeCursor().reset(s, 16, 24), "the limit bounds the range");
  }

  @Test
  void cursorsReadAHeapBufferAndIgnoreItsPosition() {
    MessageWriter w = vethCreate(new MessageWriter());
    ByteBuffer heap = ByteBuffer.wrap(w.toByteArray()).order(ByteOrder.nativeOrder());
    heap.position(8);
    MessageCursor c = new MessageCursor(heap);
    assertTrue(c.next());
    assertEquals(w.position(), c.length());
    AttributeCursor a = c.attributes(Ifla.IFINFOMSG_LEN, "ifinfomsg", new AttributeCursor());
    assertTrue(a.next());
    assertEquals("ve-c1", a.string());
    assertEquals(8, heap.position());
  }

  @Test
  void networkOrderFieldsAreBigEndianAndHostOrderFieldsNative() {
    MessageWriter w = new MessageWriter();
    int m = w.beginMessage(0x0a06, 0, 1, 0);
    w.nfgenmsg(2, 0, 0x0102);
    w.be32(1, 0x0a000001);
    w.ipv4(2, 0xc0a80102);
    w.be16(3, 8080);
    w.u32(4, 0x01020304);
    w.u16(5, 0x0102);
    w.u64(6, 0x0102030405060708L);
    w.endMessage(m);
    String hex = HexFormat.of().formatHex(w.toByteArray(), 16, w.position());
    assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the bytes below are a little-endian host's (x86_64)");
    assertEquals("02000102"
        + "08000100" + "0a000001"
        + "08000200" + "c0a80102"
        + "06000300" + "1f900000"
        + "08000400" + "04030201"
        + "06000500" + "02010000"
        + "0c000600" + "0807060504030201", hex);
    MessageCursor c = new MessageCursor(w.written());
    assertTrue(c.next());
    AttributeCursor a = c.attributes(Nfnl.NFGENMSG_LEN, "nfgenmsg", new AttributeCursor());
    assertTrue(a.next());
    assertEquals(0x0a000001, a.be32("be32"));
    assertTrue(a.next());
    assertEquals(0xc0a80102, a.be32("ipv4"));
    assertTrue(a.next());
    assertEquals(8080, a.be16("be16"));
    assertTrue(a.next());
    assertEquals(0x01020304, a.u32("u32"));
    assertTrue(a.next());
    assertEquals(0x0102, a.u16("u16"));
    assertTrue(a.next());
    assertEquals(0x0102030405060708L, a.u64("u64"));
    assertFalse(a.next());
  }

  @Test
  void bytesFromAByteBufferCopyItsRemainingBytesAndLeaveItsPosition() {
    ByteBuffer src = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9});
    src.position(1).limit(4);
    MessageWriter w = new MessageWriter();
    w.bytes(7, src);
    assertEquals("0700070001020300", HexFormat.of().formatHex(w.toByteArray()));
    assertEquals(1, src.position());
  }
}
