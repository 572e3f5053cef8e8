package dev.rtnl4j.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class SocketMemoryTest {
  /** Asks for link 1 (lo) and returns the reply's message type. */
  private static short askForLo(NetlinkSocket s) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment request = NetlinkSocketTest.getLink(arena, s.nextSequence(), 1);
      s.send(request, 0, request.byteSize());
      return s.receive().get(JAVA_SHORT, 4);
    }
  }

  @Test
  void socketsWithSharedMemoryTalkToTheKernelAndReuseOneBlock() {
    try (SocketMemory memory = new SocketMemory()) {
      long firstBuffer;
      try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory)) {
        assertEquals(1, memory.socketsOpen());
        assertEquals(NetlinkSocketTest.RTM_NEWLINK, askForLo(s));
        firstBuffer = s.receiveBuffer().address();
      }
      assertEquals(0, memory.socketsOpen());
      for (int i = 0; i < 100; i++) {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory)) {
          assertEquals(firstBuffer, s.receiveBuffer().address(), "a closed socket's block is lent to the next");
          assertEquals(NetlinkSocketTest.RTM_NEWLINK, askForLo(s));
        }
      }
    }
  }

  @Test
  void twoOpenSocketsGetSeparateBlocks() {
    try (SocketMemory memory = new SocketMemory();
        NetlinkSocket a = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory);
        NetlinkSocket b = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory)) {
      assertNotEquals(a.receiveBuffer().address(), b.receiveBuffer().address());
      assertNotEquals(a.sendBuffer().address(), b.sendBuffer().address());
      assertNotEquals(a.portId(), b.portId());
      assertEquals(2, memory.socketsOpen());
    }
  }

  @Test
  void closingTheMemoryWhileASocketIsOpenFreesItOnlyWhenTheSocketCloses() {
    SocketMemory memory = new SocketMemory();
    NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory);
    MemorySegment compose = s.sendBuffer();
    memory.close();
    assertEquals(NetlinkSocketTest.RTM_NEWLINK, askForLo(s), "an open socket keeps working");
    compose.set(JAVA_INT, 0, 42);
    s.close();
    assertThrows(IllegalStateException.class, () -> compose.get(JAVA_INT, 0), "freed once the last socket closed");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory));
    assertTrue(e.getMessage().contains("socket memory is closed"), e.getMessage());
  }

  @Test
  void aSocketThatFailsToOpenGivesItsBlockBack() {
    try (SocketMemory memory = new SocketMemory()) {
      NativeException e = assertThrows(NativeException.class, () -> NetlinkSocket.open(99, 0, memory));
      assertEquals("EPROTONOSUPPORT", e.errnoName());
      assertEquals(0, memory.socketsOpen());
    }
  }

  @Test
  void aLeasedControlBlockStartsZeroedSoNoStateLeaksFromTheLastSocket() {
    try (SocketMemory memory = new SocketMemory()) {
      SocketBlock first = memory.lease();
      first.control().fill((byte) 0x5a);
      memory.giveBack(first);
      SocketBlock again = memory.lease();
      assertEquals(first.control().address(), again.control().address());
      assertEquals(-1L, again.control().mismatch(MemorySegment.ofArray(new byte[(int) SocketBlock.CONTROL_SIZE])));
      memory.giveBack(again);
    }
  }
}
