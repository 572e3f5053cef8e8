package dev.rtnl4j.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What the codec needs of {@link ByteBuffer}s: native-order direct buffers, the check that a
 * buffer handed in is in native order (netlink's headers are host order), and the swap to and from
 * network order (nf_tables integers, IPv4 addresses).
 */
final class Buffers {
  /** True on a big-endian host, where the first of two host-order u16s is an int's high half. */
  static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

  private Buffers() {}

  /** A new direct buffer of {@code size} bytes in native order. */
  static ByteBuffer allocate(int size) {
    return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
  }

  /**
   * Returns {@code buffer} when it is in native order.
   *
   * @throws IllegalArgumentException naming {@code user} otherwise
   */
  static ByteBuffer requireNativeOrder(ByteBuffer buffer, String user) {
    if (buffer.order() != ByteOrder.nativeOrder()) {
      throw new IllegalArgumentException(user + " needs a buffer in native byte order ("
          + ByteOrder.nativeOrder() + "), not " + buffer.order() + ": call order(ByteOrder.nativeOrder()) first");
    }
    return buffer;
  }

  /** {@code value} swapped between host and network (big-endian) order. */
  static int networkOrder(int value) {
    return NATIVE_BIG_ENDIAN ? value : Integer.reverseBytes(value);
  }

  /** {@code value} swapped between host and network (big-endian) order. */
  static short networkOrder(short value) {
    return NATIVE_BIG_ENDIAN ? value : Short.reverseBytes(value);
  }
}
