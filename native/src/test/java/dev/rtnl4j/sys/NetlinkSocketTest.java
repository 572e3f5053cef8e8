package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NetlinkSocketTest {
  static final short RTM_NEWLINK = 16;
  static final short RTM_GETLINK = 18;
  static final short NLMSG_ERROR = 2;
  static final short NLM_F_REQUEST = 1;
  static final short NLM_F_ACK = 4;
  static final short IFLA_IFNAME = 3;

  /** nlmsghdr (16) + ifinfomsg (16) asking for ifindex {@code index}. */
  static ByteBuffer getLink(int seq, int index) {
    return putGetLink(Scratch.allocate(32), 0, seq, index);
  }

  /** Writes {@link #getLink}'s request at {@code at} of {@code m}. */
  static ByteBuffer putGetLink(ByteBuffer m, int at, int seq, int index) {
    m.putInt(at, 32);
    m.putShort(at + 4, RTM_GETLINK);
    m.putShort(at + 6, NLM_F_REQUEST);
    m.putInt(at + 8, seq);
    m.putInt(at + 12, 0);
    m.put(at + 16, (byte) 0); // AF_UNSPEC
    m.putInt(at + 20, index);
    return m;
  }

  /** The IFLA_IFNAME of an RTM_NEWLINK message at the start of {@code msg}, or null. */
  static String ifname(ByteBuffer msg) {
    int len = msg.getInt(0);
    int off = 32;
    while (off + 4 <= len) {
      int alen = Short.toUnsignedInt(msg.getShort(off));
      int type = msg.getShort(off + 2) & 0x3fff;
      if (alen < 4) {
        break;
      }
      if (type == IFLA_IFNAME) {
        byte[] b = new byte[alen - 4];
        msg.get(off + 4, b);
        int n = 0;
        while (n < b.length && b[n] != 0) {
          n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
      }
      off += (alen + 3) & ~3;
    }
    return null;
  }

  @Test
  void getLinkOfIndexOneAnswersNewLinkNamedLo() {
    try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE)) {
      int seq = s.nextSequence();
      s.send(getLink(seq, 1), 0, 32);
      ByteBuffer reply = s.receive();
      assertTrue(reply.limit() >= 32, "reply of " + reply.limit() + " bytes");
      assertEquals(reply.limit(), reply.getInt(0), "one message fills the datagram");
      assertEquals(RTM_NEWLINK, reply.getShort(4));
      assertEquals(seq, reply.getInt(8));
      assertEquals(s.portId(), reply.getInt(12));
      assertEquals(1, reply.getInt(20), "ifi_index");
      assertEquals("lo", ifname(reply));
      assertEquals(0, s.lastSenderPort(), "the kernel sent it");
    }
  }

  @Test
  void socketGetsAPortIdAndSafeDefaultsOn() {
    try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE)) {
      assertNotEquals(0, s.portId());
      assertTrue(s.extendedAck());
      assertTrue(s.cappedAck());
      assertTrue(s.strictCheck());
      assertEquals(1, s.intOption(NetlinkSocket.SOL_NETLINK, NetlinkSocket.NETLINK_EXT_ACK));
      assertEquals(1, s.intOption(NetlinkSocket.SOL_NETLINK, NetlinkSocket.NETLINK_CAP_ACK));
      assertEquals(1, s.intOption(NetlinkSocket.SOL_NETLINK, NetlinkSocket.NETLINK_GET_STRICT_CHK));
    }
  }

  @Test
  void twoSocketsGetDistinctPortIds() {
    try (NetlinkSocket a = NetlinkSocket.open(0); NetlinkSocket b = NetlinkSocket.open(0)) {
      assertNotEquals(a.portId(), b.portId());
    }
  }

  @Test
  void sequenceNumbersIncreaseAndSkipZero() {
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      int first = s.nextSequence();
      assertEquals(first + 1, s.nextSequence());
    }
  }

  @Test
  void getLinkOfMissingIndexAnswersEnodevWithCappedError() {
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      int seq = s.nextSequence();
      s.send(getLink(seq, 0x7ffffff0), 0, 32);
      ByteBuffer reply = s.receive();
      assertEquals(NLMSG_ERROR, reply.getShort(4));
      assertEquals(-Errno.ENODEV, reply.getInt(16));
      assertEquals(seq, reply.getInt(16 + 4 + 8), "echoed request header's sequence");
    }
  }

  @Test
  void batchOfTwoRequestsInOneSendGetsTwoReplies() {
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      ByteBuffer batch = Scratch.allocate(64);
      int seq1 = s.nextSequence();
      int seq2 = s.nextSequence();
      putGetLink(batch, 0, seq1, 1);
      putGetLink(batch, 32, seq2, 1);
      s.send(batch, 0, 64);
      assertEquals(seq1, s.receive().getInt(8));
      assertEquals(seq2, s.receive().getInt(8));
    }
  }

  @Test
  void receiveWithTimeoutReturnsNullWhenNothingArrives() {
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      long t0 = System.nanoTime();
      assertNull(s.receive(100));
      assertTrue(System.nanoTime() - t0 >= 90_000_000L, "waited the timeout");
      assertNull(s.receiveNonBlocking());
      assertEquals(0, s.receiveDatagram(0));
    }
  }

  @Test
  void receiveBufferGrowsForADatagramLargerThanIt() {
    // A dump of every link with stats is small here (lo alone) so force growth differently: shrink is
    // impossible, so send a request whose error echo is larger than 32 KiB with CAP_ACK off.
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      s.setIntOption(NetlinkSocket.SOL_NETLINK, NetlinkSocket.NETLINK_CAP_ACK, 0);
      int size = 40_000;
      ByteBuffer m = putGetLink(Scratch.allocate(size), 0, s.nextSequence(), 0x7ffffff0);
      m.putInt(0, size);
      // pad with many small unknown attributes (type 0x3ffe) covering the rest
      for (int off = 32; off + 8 <= size; off += 8) {
        m.putShort(off, (short) 8);
        m.putShort(off + 2, (short) 0x3ffe);
      }
      s.send(m, 0, size);
      ByteBuffer reply = s.receive();
      assertEquals(NLMSG_ERROR, reply.getShort(4));
      assertTrue(reply.limit() > NetlinkSocket.DEFAULT_BUFFER_SIZE, "reply of " + reply.limit());
      assertTrue(s.receiveBuffer().capacity() >= reply.limit());
    }
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseThrows() {
    NetlinkSocket s = NetlinkSocket.open(0);
    s.close();
    s.close();
    assertTrue(s.isClosed());
    ByteBuffer msg = getLink(1, 1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.send(msg, 0, 32));
    assertEquals(s + " is closed", e.getMessage());
    assertEquals(s + " is closed", assertThrows(IllegalStateException.class, s::receive).getMessage());
    assertEquals(s + " is closed", assertThrows(IllegalStateException.class, () -> s.receiveDatagram(0)).getMessage());
    assertThrows(IllegalStateException.class, () -> s.joinGroup(1));
    assertThrows(IllegalStateException.class, () -> s.intOption(Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF));
    assertEquals(SocketBlock.SEND_BUFFER_SIZE, s.sendBuffer().capacity(), "the socket's buffers stay readable after close, never freed memory");
    assertEquals(0, s.receiveBuffer().get(0));
  }

  /**
   * close() while another thread is inside a receive: the fd stays open until that call returns
   * (here by its timeout), then it is closed, and later calls throw IllegalStateException.
   */
  @Test
  void closeDuringAnInFlightReceiveDefersTheFdCloseUntilTheCallReturns() throws Exception {
    NetlinkSocket s = NetlinkSocket.open(0);
    int fd = s.fd();
    java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
    Thread receiver = new Thread(() -> {
      try {
        outcome.set(s.receive(1500) == null ? "timeout" : "datagram");
      } catch (Throwable e) {
        outcome.set(e);
      }
    }, "rtnl4j-rcv-test");
    receiver.start();
    NativeThreads.awaitSyscall("rtnl4j-rcv-test", NativeThreads.SYS_POLL);
    s.close();
    assertTrue(s.isClosed());
    assertTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/fd/" + fd)), "fd still open under the in-flight receive");
    receiver.join();
    assertEquals("timeout", outcome.get());
    assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/fd/" + fd)), "fd closed when the receive returned");
    assertThrows(IllegalStateException.class, () -> s.receive(10));
  }

  @Test
  void heapBufferIsRefusedWithAClearError() {
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      ByteBuffer heap = ByteBuffer.allocate(32);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.send(heap, 0, 32));
      assertTrue(e.getMessage().contains("direct"), e.getMessage());
    }
  }

  @Test
  void aRangeBeyondTheBuffersLimitIsRefusedBeforeAnyCall() {
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      ByteBuffer m = getLink(s.nextSequence(), 1).limit(16);
      assertThrows(IndexOutOfBoundsException.class, () -> s.send(m, 0, 32));
      assertThrows(IndexOutOfBoundsException.class, () -> s.send(m, -1, 8));
      assertNull(s.receive(0), "nothing was sent");
    }
  }

  @Test
  void everyBufferTheSocketHandsOutIsInNativeOrder() {
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      assertEquals(ByteOrder.nativeOrder(), s.sendBuffer().order());
      assertEquals(ByteOrder.nativeOrder(), s.receiveBuffer().order());
      s.send(getLink(s.nextSequence(), 1));
      ByteBuffer reply = s.receive();
      assertEquals(ByteOrder.nativeOrder(), reply.order());
      assertEquals(0, reply.position());
      assertEquals(reply.limit(), reply.getInt(0), "nlmsg_len read in native order is the datagram's length");
    }
  }

  @Test
  void theDatagramViewIsReusedAndAReceiveBufferWithAMovedLimitIsRestored() {
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      s.send(getLink(s.nextSequence(), 1));
      ByteBuffer first = s.receive();
      first.position(8).limit(12);
      s.receiveBuffer().limit(4);
      s.send(getLink(s.nextSequence(), 1));
      ByteBuffer second = s.receive();
      assertSame(first, second, "no view is made per datagram");
      assertEquals(0, second.position());
      assertEquals(second.limit(), second.getInt(0));
      assertEquals(s.receiveBuffer().capacity(), s.receiveBuffer().limit());
    }
  }

  @Test
  void unknownProtocolFailsWithEprotonosupport() {
    NativeException e = assertThrows(NativeException.class, () -> NetlinkSocket.open(31));
    assertEquals("EPROTONOSUPPORT", e.errnoName());
    assertTrue(e.getMessage().startsWith("socket(AF_NETLINK, protocol 31): EPROTONOSUPPORT ("), e.getMessage());
  }

  @Test
  void joinAndLeaveAGroupAboveThirtyTwo() {
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      s.joinGroup(33); // RTNLGRP_NSID... any number up to the protocol's group count
      s.leaveGroup(33);
      NativeException e = assertThrows(NativeException.class, () -> s.joinGroup(100_000));
      assertEquals("EINVAL", e.errnoName());
    }
  }

  @Test
  void receiveBufferSizeCanBeRaised() throws Exception {
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      s.setReceiveBufferSize(1 << 20);
      // SO_RCVBUFFORCE (CAP_NET_ADMIN) gets 2 MiB (the kernel doubles it); without the capability
      // (bin/test as an ordinary user) SO_RCVBUF is capped at net.core.rmem_max.
      long rmemMax = Long.parseLong(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/core/rmem_max")).strip());
      int got = s.intOption(Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF);
      assertTrue(got >= 2 * Math.min(1 << 20, rmemMax), "SO_RCVBUF " + got + ", rmem_max " + rmemMax);
    }
  }

  @Test
  void thousandOpenCloseCyclesLeakNoFd() throws Exception {
    long before = FdCount.now();
    for (int i = 0; i < 1000; i++) {
      NetlinkSocket.open(0).close();
    }
    assertEquals(before, FdCount.now());
  }

  @Test
  void nonRouteProtocolOpensToo() {
    try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_GENERIC)) {
      assertFalse(s.isClosed());
      assertNotNull(s.toString());
    }
  }
}
