package dev.rtnl4j.sys;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Close-safety for an object that owns a file descriptor: counts the calls in flight and runs the
 * release action exactly once, when the object is closed and no call is in flight, so an fd is
 * never closed (and possibly reused by the kernel) under a call that still uses it.
 */
final class CloseGuard {
  private static final int CLOSED = Integer.MIN_VALUE;

  /** CLOSED bit | number of calls in flight. */
  private final AtomicInteger state = new AtomicInteger();
  private final Object owner;
  private final Runnable release;

  /**
   * @param owner named in the IllegalStateException of a call after close (its toString)
   * @param release closes the fd and frees memory; runs once
   */
  CloseGuard(Object owner, Runnable release) {
    this.owner = owner;
    this.release = release;
  }

  /** Starts a call. @throws IllegalStateException once closed */
  void enter() {
    for (;;) {
      int s = state.get();
      if (s < 0) {
        throw new IllegalStateException(owner + " is closed");
      }
      if (state.compareAndSet(s, s + 1)) {
        return;
      }
    }
  }

  /** Ends a call started by {@link #enter}. */
  void exit() {
    if (state.decrementAndGet() == CLOSED) {
      release.run();
    }
  }

  /** Marks closed; releases now if no call is in flight, else when the last one exits. Idempotent. */
  void close() {
    for (;;) {
      int s = state.get();
      if (s < 0) {
        return;
      }
      if (state.compareAndSet(s, s | CLOSED)) {
        if (s == 0) {
          release.run();
        }
        return;
      }
    }
  }

  boolean isClosed() {
    return state.get() < 0;
  }
}
