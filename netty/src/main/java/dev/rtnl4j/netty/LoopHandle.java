package dev.rtnl4j.netty;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The part every rtnl4j socket on a Netty epoll event loop shares: registration with
 * {@code EPOLLIN} submitted at once (level-triggered), a read callback on the loop when the fd is
 * readable or in error, and the close order that keeps epoll safe: the registration is cancelled
 * on the loop (its {@code EPOLL_CTL_DEL} runs while the fd is still open) and only then is the
 * socket closed. Close is idempotent and may be called from any thread, also by Netty itself when
 * the event loop shuts down.
 *
 * <p>The {@link FileDescriptor} handed to Netty only names the fd ({@link BorrowedFd}): Netty
 * never closes it (a registration's close calls {@link #close()} here, which closes the rtnl4j
 * socket).
 */
abstract class LoopHandle implements EpollIoHandle {
  private final IoEventLoop loop;
  private final BorrowedFd fd;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Promise<Void> closeFuture;
  private volatile IoRegistration registration;
  private volatile boolean registered;
  /**
   * Closes the handle when the loop terminates: Netty closes registered handles when it shuts
   * down (prepareToDestroy), but not when the shutdown is requested while the loop runs its tasks
   * and the quiet period is zero. Removed on close, so a closed handle is not kept alive.
   */
  private final GenericFutureListener<Future<Object>> onTermination = f -> close();

  LoopHandle(IoEventLoop loop, int fd) {
    this.loop = loop;
    this.fd = new BorrowedFd(fd);
    this.closeFuture = loop.newPromise();
  }

  /** The loop reads: drain the socket until it has nothing more ({@code EAGAIN}). */
  abstract void readReady();

  /** Closes the rtnl4j socket(s); called once, on the loop, after the registration was cancelled. */
  abstract void closeResources();

  /** Reports a failure of a read; the handle is closed afterwards. */
  abstract void failed(Throwable cause);

  final IoEventLoop loop() {
    return loop;
  }

  /**
   * Registers with the loop, submits {@code EPOLLIN}, and completes {@code ready} with
   * {@code value} on the loop; on failure, closes the socket and fails {@code ready}.
   */
  @SuppressWarnings("unchecked")
  final <T> void register(Promise<T> ready, T value) {
    ((Future<Object>) loop.terminationFuture()).addListener(onTermination);
    Future<IoRegistration> f;
    try {
      f = loop.register(this);
    } catch (RuntimeException e) {
      closeResourcesOnce();
      ready.setFailure(e);
      return;
    }
    f.addListener(done -> {
      if (!done.isSuccess()) {
        closeResourcesOnce();
        ready.tryFailure(done.cause());
        return;
      }
      IoRegistration r = f.getNow();
      registration = r;
      if (closing.get()) { // closed while the registration was in flight
        r.cancel();
        closeResourcesOnce();
        ready.tryFailure(new IllegalStateException("closed before the registration completed"));
        return;
      }
      try {
        r.submit(EpollIoOps.EPOLLIN);
      } catch (RuntimeException e) {
        close();
        ready.tryFailure(e);
        return;
      }
      ready.trySuccess(value);
    });
  }

  @Override
  public final FileDescriptor fd() {
    return fd;
  }

  @Override
  public final void handle(IoRegistration r, IoEvent event) {
    EpollIoOps ops = ((EpollIoEvent) event).ops();
    if (!ops.contains(EpollIoOps.EPOLLIN) && !ops.contains(EpollIoOps.EPOLLERR)) {
      return;
    }
    if (closing.get()) {
      return;
    }
    try {
      readReady();
    } catch (Throwable t) {
      try {
        failed(t);
      } finally {
        close();
      }
    }
  }

  @Override
  public final void registered() {
    registered = true;
  }

  @Override
  public final void unregistered() {
    registered = false;
  }

  /** True from Netty's registration until its cancellation removed the fd from the epoll set. */
  final boolean isRegistered() {
    return registered;
  }

  /** The registration, once it completed (null before). */
  final IoRegistration registration() {
    return registration;
  }

  /** Completed (on the loop) when the socket has been closed. */
  final Future<Void> closeFuture() {
    return closeFuture;
  }

  /**
   * Cancels the registration and then closes the socket: at once when called on the loop, else
   * as a task on the loop (the returned future completes then). Idempotent, any thread.
   */
  @Override
  public final void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    if (loop.inEventLoop()) {
      close0();
      return;
    }
    try {
      loop.execute(this::close0);
    } catch (RejectedExecutionException e) {
      // the loop has shut down: Netty cancelled every registration (prepareToDestroy) already
      close0();
    }
  }

  private void close0() {
    IoRegistration r = registration;
    try {
      if (r != null) {
        r.cancel(); // on the loop: EPOLL_CTL_DEL now, while the fd is open
      }
    } catch (RejectedExecutionException terminated) {
      // the loop is gone and its epoll fd with it: nothing to remove the fd from
    } finally {
      closeResourcesOnce();
    }
  }

  private final AtomicBoolean resourcesClosed = new AtomicBoolean();

  @SuppressWarnings("unchecked")
  private void closeResourcesOnce() {
    if (resourcesClosed.compareAndSet(false, true)) {
      ((Future<Object>) loop.terminationFuture()).removeListener(onTermination);
      try {
        fd.close(); // marks it closed for Netty; the socket closes the fd itself
        closeResources();
      } finally {
        closeFuture.trySuccess(null);
      }
    }
  }
}
