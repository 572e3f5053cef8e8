package dev.rtnl4j.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

/**
 * The native memory one {@link NetlinkSocket} needs: a control block ({@code msghdr}s, {@code iovec}s, socket addresses, a {@code pollfd}, option values) and a first
 * receive buffer of {@link NetlinkSocket#DEFAULT_BUFFER_SIZE}, and an area for composing requests.
 * Allocated from one arena, so a {@link SocketMemory} can hand it from one socket to the next.
 */
record SocketBlock(MemorySegment control, MemorySegment buffer, MemorySegment sendBuffer) {
  /** Size of the area where requests are composed before they are sent. */
  static final int SEND_BUFFER_SIZE = 4096;

  static final long KERNEL_ADDR = 0;
  static final long LOCAL_ADDR = after(KERNEL_ADDR, Structs.SOCKADDR_NL, Structs.SOCKADDR_NL);
  static final long RECV_ADDR = after(LOCAL_ADDR, Structs.SOCKADDR_NL, Structs.SOCKADDR_NL);
  static final long SEND_IOV = after(RECV_ADDR, Structs.SOCKADDR_NL, Structs.IOVEC);
  static final long RECV_IOV = after(SEND_IOV, Structs.IOVEC, Structs.IOVEC);
  static final long SEND_MSG = after(RECV_IOV, Structs.IOVEC, Structs.MSGHDR);
  static final long RECV_MSG = after(SEND_MSG, Structs.MSGHDR, Structs.MSGHDR);
  static final long POLL_FD = after(RECV_MSG, Structs.MSGHDR, Structs.POLLFD);
  static final long OPT_VALUE = after(POLL_FD, Structs.POLLFD, JAVA_INT);
  static final long OPT_LEN = after(OPT_VALUE, JAVA_INT, JAVA_INT);
  static final long CONTROL_SIZE = OPT_LEN + JAVA_INT.byteSize();

  private static long after(long previous, MemoryLayout previousLayout, MemoryLayout next) {
    long end = previous + previousLayout.byteSize();
    long align = next.byteAlignment();
    return (end + align - 1) / align * align;
  }

  /** Allocates a zeroed block from {@code arena}. */
  static SocketBlock allocate(Arena arena) {
    return new SocketBlock(arena.allocate(CONTROL_SIZE, 8), arena.allocate(NetlinkSocket.DEFAULT_BUFFER_SIZE, 8),
        arena.allocate(SEND_BUFFER_SIZE, 8));
  }

  /** The control block's part at {@code offset} laid out as {@code layout}. */
  MemorySegment part(long offset, MemoryLayout layout) {
    return control.asSlice(offset, layout.byteSize(), layout.byteAlignment());
  }
}
