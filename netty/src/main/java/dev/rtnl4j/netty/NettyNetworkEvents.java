package dev.rtnl4j.netty;

import dev.rtnl4j.rtnl.NetworkEvents;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.Objects;

/**
 * A {@link NetworkEvents} subscription served by a Netty 4.2 epoll event loop
 * ({@code MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory())}): its netlink socket is
 * registered with the loop, and every event is handed to a {@link NetworkEventListener} on that
 * loop's thread, in the kernel's order. No thread of rtnl4j's own is involved.
 *
 * <p>When the socket is readable the loop reads it without waiting until {@code EAGAIN}
 * ({@link NetworkEvents#drain}). An overrun ({@code ENOBUFS}) becomes a
 * {@link dev.rtnl4j.rtnl.NetworkEvent.Resync} with the state dumped afresh, delivered before any
 * later event; the dump is a short blocking exchange with the kernel on the loop.
 *
 * <p>{@link #close()} may be called from any thread, any number of times: the registration is
 * cancelled on the loop first, then the subscription's sockets are closed ({@link #closeFuture()}
 * completes then). Shutting the event loop down closes the subscription too.
 */
public final class NettyNetworkEvents implements AutoCloseable {
  private final Handle handle;

  private NettyNetworkEvents(Handle handle) {
    this.handle = handle;
  }

  /**
   * Registers {@code events} with {@code loop}; the future completes (on the loop) once the
   * socket is watched. From then on the subscription belongs to the loop: do not call its
   * {@code poll}/{@code next} any more. If the registration fails, the subscription is closed and
   * the future fails.
   *
   * @throws IllegalArgumentException when the loop does not run an {@code EpollIoHandler}
   */
  public static Future<NettyNetworkEvents> register(IoEventLoop loop, NetworkEvents events, NetworkEventListener listener) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(listener, "listener");
    if (!loop.isCompatible(Handle.class)) {
      events.close();
      throw new IllegalArgumentException("rtnl4j's netty integration needs an event loop with Netty's EpollIoHandler: " + loop);
    }
    Handle h = new Handle(loop, events, listener);
    Promise<NettyNetworkEvents> ready = loop.newPromise();
    h.register(ready, new NettyNetworkEvents(h));
    return ready;
  }

  /** The event loop the events arrive on. */
  public IoEventLoop eventLoop() {
    return handle.loop();
  }

  /** Completes once the subscription is closed (by {@link #close()}, a failure, or the loop's shutdown). */
  public Future<Void> closeFuture() {
    return handle.closeFuture();
  }

  /** Whether the loop still watches the socket. */
  public boolean isRegistered() {
    return handle.isRegistered();
  }

  /** Cancels the registration, then closes the subscription; idempotent, from any thread. */
  @Override
  public void close() {
    handle.close();
  }

  private static final class Handle extends LoopHandle {
    private final NetworkEvents events;
    private final NetworkEventListener listener;

    Handle(IoEventLoop loop, NetworkEvents events, NetworkEventListener listener) {
      super(loop, events.fd());
      this.events = events;
      this.listener = listener;
    }

    @Override
    void readReady() {
      events.drain(listener::onEvent);
    }

    @Override
    void failed(Throwable cause) {
      listener.onFailure(cause);
    }

    @Override
    void closeResources() {
      events.close();
    }
  }
}
