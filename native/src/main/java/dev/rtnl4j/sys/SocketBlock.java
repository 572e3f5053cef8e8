package dev.rtnl4j.sys;

import java.nio.ByteBuffer;

/**
 * The native memory one {@link NetlinkSocket} needs: a control block ({@code msghdr}s,
 * {@code iovec}s, socket addresses, a {@code pollfd}, option values), a first receive buffer of
 * {@link NetlinkSocket#DEFAULT_BUFFER_SIZE} and an area for composing requests, as direct
 * native-order buffers with their addresses taken once, so a {@link SocketMemory} can hand them
 * from one socket to the next. Freed by the garbage collector once unreachable.
 */
record SocketBlock(ByteBuffer control, long controlAt, ByteBuffer buffer, long bufferAt, ByteBuffer sendBuffer) {
  /** Size of the area where requests are composed before they are sent. */
  static final int SEND_BUFFER_SIZE = 4096;

  // Offsets in the control block; every part 8-byte aligned.
  static final int KERNEL_ADDR = 0;
  static final int LOCAL_ADDR = KERNEL_ADDR + Structs.align8(Structs.SOCKADDR_NL);
  static final int RECV_ADDR = LOCAL_ADDR + Structs.align8(Structs.SOCKADDR_NL);
  static final int SEND_IOV = RECV_ADDR + Structs.align8(Structs.SOCKADDR_NL);
  static final int RECV_IOV = SEND_IOV + Structs.IOVEC;
  static final int SEND_MSG = RECV_IOV + Structs.IOVEC;
  static final int RECV_MSG = SEND_MSG + Structs.MSGHDR;
  static final int POLL_FD = RECV_MSG + Structs.MSGHDR;
  static final int OPT_VALUE = POLL_FD + Structs.POLLFD;
  static final int OPT_LEN = OPT_VALUE + 4;
  static final int CONTROL_SIZE = OPT_LEN + 4;

  /** Allocates a zeroed block. */
  static SocketBlock allocate() {
    ByteBuffer control = Scratch.allocate(CONTROL_SIZE);
    ByteBuffer buffer = Scratch.allocate(NetlinkSocket.DEFAULT_BUFFER_SIZE);
    return new SocketBlock(control, Scratch.address(control), buffer, Scratch.address(buffer),
        Scratch.allocate(SEND_BUFFER_SIZE));
  }

  /** Zeroes the control block (for the block's next socket). */
  void clearControl() {
    for (int i = 0; i < CONTROL_SIZE; i += 8) {
      control.putLong(i, 0L);
    }
  }
}
