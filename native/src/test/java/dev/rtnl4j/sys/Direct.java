package dev.rtnl4j.sys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A direct, native-order buffer and its address as a {@link NativeBackend} gave it, kept together
 * so the buffer stays reachable while a call uses the address: the tests' C memory, without the
 * FFM API, through one given backend.
 */
record Direct(ByteBuffer buf, long address) {
  /** {@code size} zeroed bytes. */
  static Direct allocate(NativeBackend backend, int size) {
    ByteBuffer b = Scratch.allocate(size);
    return new Direct(b, backend.address(b));
  }

  /** A NUL-terminated UTF-8 string. */
  static Direct string(NativeBackend backend, String s) {
    ByteBuffer b = Scratch.cString(s);
    return new Direct(b, backend.address(b));
  }

  /** A NULL-terminated array of addresses ({@code char *[]}). */
  static Direct pointers(NativeBackend backend, Direct... items) {
    Direct d = allocate(backend, 8 * (items.length + 1));
    for (int i = 0; i < items.length; i++) {
      d.buf.putLong(8 * i, items[i].address);
    }
    return d;
  }

  int getInt(int offset) {
    return buf.getInt(offset);
  }

  Direct putInt(int offset, int v) {
    buf.putInt(offset, v);
    return this;
  }

  short getShort(int offset) {
    return buf.getShort(offset);
  }

  Direct putShort(int offset, int v) {
    buf.putShort(offset, (short) v);
    return this;
  }

  Direct putLong(int offset, long v) {
    buf.putLong(offset, v);
    return this;
  }

  /** The NUL-terminated string at {@code offset}, at most {@code max} bytes. */
  String string(int offset, int max) {
    int end = offset;
    while (end < offset + max && buf.get(end) != 0) {
      end++;
    }
    byte[] b = new byte[end - offset];
    buf.get(offset, b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
