package dev.rtnl4j.sys;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * C memory as direct, native-order {@link ByteBuffer}s, without the FFM API: the
 * static methods allocate one buffer; an instance holds the buffers of one call (strings, structs)
 * reachable until {@link #close()}, so that the addresses passed to the system call stay valid:
 *
 * <pre>{@code
 * try (Scratch s = new Scratch()) {
 *   return sys().open(s.string(path), flags, mode);
 * }
 * }</pre>
 *
 * <p>A raw address does not keep its buffer alive; whoever passes one holds the buffer until the
 * call returned ({@link Reference#reachabilityFence}, which {@link #close()} is). The memory is
 * freed by the garbage collector once no buffer over it is reachable, never explicitly, so a stale
 * view reads old bytes but never freed memory. Not thread-safe (one call's memory).
 */
final class Scratch implements AutoCloseable {
  private final ArrayList<ByteBuffer> held = new ArrayList<>(4);

  /**
   * {@code size} zeroed bytes, 8-byte aligned (the alignment of every struct rtnl4j lays out),
   * native order; position 0, limit and capacity {@code size}.
   */
  static ByteBuffer allocate(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    return ByteBuffer.allocateDirect(size + 7).alignedSlice(8).limit(size).slice().order(ByteOrder.nativeOrder());
  }

  /** {@code s} as a NUL-terminated UTF-8 C string in a direct buffer. */
  static ByteBuffer cString(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = allocate(bytes.length + 1);
    b.put(0, bytes);
    return b;
  }

  /** A view of {@code buffer} (index 0 to its capacity) in native order, whatever its order. */
  static ByteBuffer nativeView(ByteBuffer buffer) {
    return buffer.duplicate().clear().order(ByteOrder.nativeOrder());
  }

  /** The address of a direct buffer's index 0 (allocates a little on FFM: take it once per buffer). */
  static long address(ByteBuffer direct) {
    return NativeBackends.get().address(direct);
  }

  /** A buffer of {@code size} zeroed bytes held until {@link #close()}. */
  ByteBuffer buffer(int size) {
    ByteBuffer b = allocate(size);
    held.add(b);
    return b;
  }

  /** The address of {@code s} as a C string held until {@link #close()}; 0 (NULL) for null. */
  long string(String s) {
    if (s == null) {
      return 0;
    }
    ByteBuffer b = cString(s);
    held.add(b);
    return address(b);
  }

  /** Holds {@code buffer} (one not from {@link #buffer}, which holds its own) until {@link #close()} and answers its address. */
  long hold(ByteBuffer buffer) {
    held.add(buffer);
    return address(buffer);
  }

  /** The end of the call: the buffers are reachable up to here, then left to the collector. */
  @Override
  public void close() {
    Reference.reachabilityFence(held);
  }
}
