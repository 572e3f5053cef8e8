package dev.rtnl4j.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
  static MemorySegment getLink(Arena arena, int seq, int index) {
    MemorySegment m = arena.allocate(32, 8);
    m.set(JAVA_INT, 0, 32);
    m.set(JAVA_SHORT, 4, RTM_GETLINK);
    m.set(JAVA_SHORT, 6, NLM_F_REQUEST);
    m.set(JAVA_INT, 8, seq);
    m.set(JAVA_INT, 12, 0);
    m.set(JAVA_BYTE, 16, (byte) 0); // AF_UNSPEC
    m.set(JAVA_INT, 20, index);
    return m;
  }

  /** The IFLA_IFNAME of an RTM_NEWLINK message at the start of {@code msg}, or null. */
  static String ifname(MemorySegment msg) {
    int len = msg.get(JAVA_INT, 0);
    int off = 32;
    while (off + 4 <= len) {
      int alen = Short.toUnsignedInt(msg.get(JAVA_SHORT, off));
      int type = msg.get(JAVA_SHORT, off + 2) & 0x3fff;
      if (alen < 4) {
        break;
      }
      if (type == IFLA_IFNAME) {
        byte[] b = msg.asSlice(off + 4, alen - 4).toArray(JAVA_BYTE);
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
    try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE); Arena arena = Arena.ofConfined()) {
      int seq = s.nextSequence();
      s.send(getLink(arena, seq, 1), 0, 32);
      MemorySegment reply = s.receive();
      assertTrue(reply.byteSize() >= 32, "reply of " + reply.byteSize() + " bytes");
      assertEquals(reply.byteSize(), reply.get(JAVA_INT, 0), "one message fills the datagram");
      assertEquals(RTM_NEWLINK, reply.get(JAVA_SHORT, 4));
      assertEquals(seq, reply.get(JAVA_INT, 8));
      assertEquals(s.portId(), reply.get(JAVA_INT, 12));
      assertEquals(1, reply.get(JAVA_INT, 20), "ifi_index");
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
    try (NetlinkSocket s = NetlinkSocket.open(0); Arena arena = Arena.ofConfined()) {
      int seq = s.nextSequence();
      s.send(getLink(arena, seq, 0x7ffffff0), 0, 32);
      MemorySegment reply = s.receive();
      assertEquals(NLMSG_ERROR, reply.get(JAVA_SHORT, 4));
      assertEquals(-Errno.ENODEV, reply.get(JAVA_INT, 16));
      assertEquals(seq, reply.get(JAVA_INT, 16 + 4 + 8), "echoed request header's sequence");
    }
  }

  @Test
  void batchOfTwoRequestsInOneSendGetsTwoReplies() {
    try (NetlinkSocket s = NetlinkSocket.open(0); Arena arena = Arena.ofConfined()) {
      MemorySegment batch = arena.allocate(64, 8);
      int seq1 = s.nextSequence();
      int seq2 = s.nextSequence();
      batch.asSlice(0, 32).copyFrom(getLink(arena, seq1, 1));
      batch.asSlice(32, 32).copyFrom(getLink(arena, seq2, 1));
      s.send(batch, 0, 64);
      assertEquals(seq1, s.receive().get(JAVA_INT, 8));
      assertEquals(seq2, s.receive().get(JAVA_INT, 8));
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
    try (NetlinkSocket s = NetlinkSocket.open(0); Arena arena = Arena.ofConfined()) {
      s.setIntOption(NetlinkSocket.SOL_NETLINK, NetlinkSocket.NETLINK_CAP_ACK, 0);
      int size = 40_000;
      MemorySegment m = arena.allocate(size, 8);
      MemorySegment head = getLink(arena, s.nextSequence(), 0x7ffffff0);
      m.asSlice(0, 32).copyFrom(head);
      m.set(JAVA_INT, 0, size);
      // pad with one big unknown attribute (type 0x3fff) covering the rest
      m.set(JAVA_SHORT, 32, (short) 0); // length 0 would be invalid; use many small attrs instead
      for (int off = 32; off + 8 <= size; off += 8) {
        m.set(JAVA_SHORT, off, (short) 8);
        m.set(JAVA_SHORT, off + 2, (short) 0x3ffe);
      }
      s.send(m, 0, size);
      MemorySegment reply = s.receive();
      assertEquals(NLMSG_ERROR, reply.get(JAVA_SHORT, 4));
      assertTrue(reply.byteSize() > NetlinkSocket.DEFAULT_BUFFER_SIZE, "reply of " + reply.byteSize());
      assertTrue(s.receiveBuffer().byteSize() >= reply.byteSize());
    }
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseThrows() {
    NetlinkSocket s = NetlinkSocket.open(0);
    s.close();
    s.close();
    assertTrue(s.isClosed());
    MemorySegment msg = Arena.ofAuto().allocate(32);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.send(msg, 0, 32));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class, s::receive);
    assertThrows(IllegalStateException.class, () -> s.joinGroup(1));
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
    Thread receiver = Thread.ofPlatform().name("rtnl4j-rcv-test").start(() -> {
      try {
        outcome.set(s.receive(1500) == null ? "timeout" : "datagram");
      } catch (Throwable e) {
        outcome.set(e);
      }
    });
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
  void heapSegmentIsRefusedWithAClearError() {
    try (NetlinkSocket s = NetlinkSocket.open(0)) {
      MemorySegment heap = MemorySegment.ofArray(new byte[32]);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.send(heap, 0, 32));
      assertTrue(e.getMessage().contains("native"));
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
