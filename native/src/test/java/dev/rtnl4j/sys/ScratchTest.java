package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void allocatedMemoryIsDirectNativeOrderAlignedZeroedAndExactlySized() {
    for (int size : new int[] {1, 12, 56, 4096}) {
      ByteBuffer b = Scratch.allocate(size);
      assertTrue(b.isDirect());
      assertEquals(ByteOrder.nativeOrder(), b.order());
      assertEquals(0, Scratch.address(b) % 8, "8-byte aligned");
      assertEquals(size, b.capacity());
      assertEquals(size, b.limit());
      for (int i = 0; i < size; i++) {
        assertEquals(0, b.get(i));
      }
    }
  }

  @Test
  void aViewIsInNativeOrderAndSpansTheWholeBufferWhateverTheSourcesOrderAndLimit() {
    ByteBuffer bigEndian = ByteBuffer.allocateDirect(16).order(ByteOrder.BIG_ENDIAN);
    bigEndian.putInt(0, 0x01020304).position(4).limit(8);
    assertEquals(ByteOrder.BIG_ENDIAN, bigEndian.slice().order(), "the JDK's own views are big-endian");
    ByteBuffer view = Scratch.nativeView(bigEndian);
    assertEquals(ByteOrder.nativeOrder(), view.order());
    assertEquals(0, view.position());
    assertEquals(16, view.limit());
    assertEquals(Integer.reverseBytes(0x01020304), view.getInt(0), "on little-endian x86_64");
    assertEquals(Scratch.address(bigEndian), Scratch.address(view));
  }

  @Test
  void aCStringIsUtf8AndNulTerminated() {
    ByteBuffer s = Scratch.cString("vxlan-é");
    assertEquals(9, s.limit(), "7 characters, é in 2 bytes, and the NUL");
    assertEquals('v', s.get(0));
    assertEquals(0, s.get(8));
  }

  @Test
  void heapBuffersAndNegativeSizesAreRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scratch.address(ByteBuffer.allocate(8)));
    assertTrue(e.getMessage().contains("direct"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Syscalls.write(1, ByteBuffer.allocate(8)));
    assertEquals("negative size -1", assertThrows(IllegalArgumentException.class, () -> Scratch.allocate(-1)).getMessage());
  }
}
