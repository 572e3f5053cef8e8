package dev.rtnl4j.nspawn;

import dev.rtnl4j.sys.UnixDatagramSocket;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One notify socket made ahead, unbound: its memory and {@code SO_PASSCRED} are there when a
 * start takes it, which then costs one {@code bind}. Unbound, it has no file, so a JVM that dies
 * leaves nothing of it. Thread-safe; a start that finds none opens its own.
 */
final class SpareNotifySocket implements AutoCloseable {
  private final AtomicReference<UnixDatagramSocket> spare = new AtomicReference<>();
  private final boolean enabled;
  private volatile boolean closed;

  /** Keeps a spare when {@code enabled}; else {@link #take()} always opens a new socket. */
  SpareNotifySocket(boolean enabled) {
    this.enabled = enabled;
  }

  /** The spare, or a socket opened now when there is none: unbound, the caller's to bind and close. */
  UnixDatagramSocket take() {
    UnixDatagramSocket s = spare.getAndSet(null);
    return s != null ? s : UnixDatagramSocket.open();
  }

  /** Opens the next spare unless there is one (or spares are off, or this is closed). */
  void topUp() {
    if (!enabled || closed || spare.get() != null) {
      return;
    }
    UnixDatagramSocket next = UnixDatagramSocket.open();
    if (!spare.compareAndSet(null, next) || closed) {
      next.close();
      spare.compareAndSet(next, null);
    }
  }

  /** The spare's fd, or -1 when there is none (for tests that compare open fds). */
  int fd() {
    UnixDatagramSocket s = spare.get();
    return s == null ? -1 : s.fd();
  }

  /** Closes the spare; a later {@link #topUp()} makes none. */
  @Override
  public void close() {
    closed = true;
    UnixDatagramSocket s = spare.getAndSet(null);
    if (s != null) {
      s.close();
    }
  }
}
