package dev.rtnl4j.sys;

import java.lang.foreign.Arena;
import java.util.ArrayDeque;

/**
 * Native memory shared by netlink sockets that are opened and closed often, such as one socket
 * per container namespace: a socket opened with a {@code SocketMemory} takes a block from it and
 * gives the block back on close, so opening and closing it cost their system calls alone. A
 * socket that owns its memory instead must create and close an arena of its own, and closing a
 * shared arena stops every Java thread for a moment (tens of microseconds).
 *
 * <p>Memory stays safe to read: a datagram slice read after its socket closed shows whatever the
 * block's next user wrote, never freed memory. The memory is freed when this {@code SocketMemory}
 * is closed and the last socket using it has closed (sockets still open keep working). Any thread
 * may open and close sockets with one {@code SocketMemory}.
 *
 * @see NetlinkSocket#open(int, int, SocketMemory)
 */
public final class SocketMemory implements AutoCloseable {
  private final Arena arena = Arena.ofShared();
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
      block = SocketBlock.allocate(arena);
    } else {
      block.control().fill((byte) 0);
    }
    leased++;
    return block;
  }

  /** Takes back the block of a socket that closed. */
  synchronized void giveBack(SocketBlock block) {
    leased--;
    if (!closed) {
      idle.addFirst(block);
    } else if (leased == 0) {
      arena.close();
    }
  }

  /** How many open sockets use this memory now. */
  public synchronized int socketsOpen() {
    return leased;
  }

  /**
   * Frees the memory now if no socket uses it, else when the last one closes; opening a socket
   * with it afterwards fails. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    idle.clear();
    if (leased == 0) {
      arena.close();
    }
  }
}
