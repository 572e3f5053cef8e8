package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SocketMemoryTest {
  /** Asks for link 1 (lo) and returns the reply's message type. */
  private static short askForLo(NetlinkSocket s) {
    ByteBuffer request = NetlinkSocketTest.getLink(s.nextSequence(), 1);
    s.send(request, 0, request.limit());
    return s.receive().getShort(4);
  }

  @Test
  void socketsWithSharedMemoryTalkToTheKernelAndReuseOneBlock() {
    try (SocketMemory memory = new SocketMemory()) {
      long firstBuffer;
      try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory)) {
        assertEquals(1, memory.socketsOpen());
        assertEquals(NetlinkSocketTest.RTM_NEWLINK, askForLo(s));
        firstBuffer = Scratch.address(s.receiveBuffer());
      }
      assertEquals(0, memory.socketsOpen());
      for (int i = 0; i < 100; i++) {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory)) {
          assertEquals(firstBuffer, Scratch.address(s.receiveBuffer()), "a closed socket's block is lent to the next");
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
      assertNotEquals(Scratch.address(a.receiveBuffer()), Scratch.address(b.receiveBuffer()));
      assertNotEquals(Scratch.address(a.sendBuffer()), Scratch.address(b.sendBuffer()));
      assertNotEquals(a.portId(), b.portId());
      assertEquals(2, memory.socketsOpen());
    }
  }

  @Test
  void closingTheMemoryWhileASocketIsOpenLetsTheSocketWorkAndRefusesNewOnes() {
    SocketMemory memory = new SocketMemory();
    NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, memory);
    ByteBuffer compose = s.sendBuffer();
    memory.close();
    memory.close();
    assertEquals(NetlinkSocketTest.RTM_NEWLINK, askForLo(s), "an open socket keeps working");
    compose.putInt(0, 42);
    s.close();
    assertEquals(0, memory.socketsOpen());
    assertEquals(42, compose.getInt(0), "a view handed out stays readable (the collector frees it, never close)");
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
      for (int i = 0; i < SocketBlock.CONTROL_SIZE; i++) {
        first.control().put(i, (byte) 0x5a);
      }
      memory.giveBack(first);
      SocketBlock again = memory.lease();
      assertEquals(first.controlAt(), again.controlAt());
      assertEquals(-1, again.control().mismatch(ByteBuffer.allocate(SocketBlock.CONTROL_SIZE)));
      memory.giveBack(again);
    }
  }
}
