package dev.rtnl4j.sys;

import java.util.ArrayDeque;

/**
 * Native memory shared by netlink sockets that are opened and closed often, such as one socket
 * per container namespace: a socket opened with a {@code SocketMemory} takes a block from it and
 * gives the block back on close, so opening and closing it cost their system calls alone, not the
 * allocation and zeroing of ~40 KiB of direct buffers.
 *
 * <p>The blocks are direct {@link java.nio.ByteBuffer}s, released by the garbage collector, never
 * explicitly: {@link #close()} drops the idle blocks and refuses new sockets; a block in use is
 * dropped when its socket closes. So memory stays safe to read: a datagram view read after its
 * socket closed shows whatever the block's next user wrote, never freed memory. Any thread may
 * open and close sockets with one {@code SocketMemory}.
 *
 * @see NetlinkSocket#open(int, int, SocketMemory)
 */
public final class SocketMemory implements AutoCloseable {
  private final ArrayDeque<SocketBlock> idle = new ArrayDeque<>();
  private int leased;
  private boolean closed;

  /** Memory for sockets to come; nothing is allocated until the first socket opens. */
  public SocketMemory() {}

  /**
   * A block for a socket about to open: an idle one (its control block zeroed), else a new one.
   *
   * @throws IllegalStateException once this memory is closed
   */
  synchronized SocketBlock lease() {
    if (closed) {
      throw new IllegalStateException("socket memory is closed");
    }
    SocketBlock block = idle.pollFirst();
    if (block == null) {
      block = SocketBlock.allocate();
    } else {
      block.clearControl();
    }
    leased++;
    return block;
  }

  /** Takes back the block of a socket that closed. */
  synchronized void giveBack(SocketBlock block) {
    leased--;
    if (!closed) {
      idle.addFirst(block);
    }
  }

  /** How many open sockets use this memory now. */
  public synchronized int socketsOpen() {
    return leased;
  }

  /**
   * Drops the idle blocks (left to the garbage collector) and makes opening a socket with this
   * memory fail with {@link IllegalStateException}; sockets still open keep working, and their
   * blocks are dropped when they close. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    idle.clear();
  }
}
