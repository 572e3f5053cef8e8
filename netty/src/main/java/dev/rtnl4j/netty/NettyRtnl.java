package dev.rtnl4j.netty;

import dev.rtnl4j.codec.ErrorMessage;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.proto.Request;
import dev.rtnl4j.proto.Requests;
import dev.rtnl4j.proto.SocketBuffers;
import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.NetlinkSocket;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * Asynchronous rtnetlink requests whose completions arrive on a Netty 4.2 epoll event loop: the
 * request is sent at once (on the loop), and its future completes on the loop when the kernel's
 * acknowledgement arrives, or fails with the {@link dev.rtnl4j.proto.KernelException} the
 * blocking API would throw (errno name, operation, ext-ack message). Requests come from the
 * typed API's request factories ({@code Links.createRequest(spec)},
 * {@code Addresses.addRequest(spec)}, {@code Routes.addRequest(spec)}...).
 *
 * <p>Any thread may call {@link #execute}; the send happens on the loop. When the socket's
 * receive buffer overran ({@code ENOBUFS}: acknowledgements were lost), every request waiting
 * fails with that {@link NativeException} (what they did is done or not; ask the kernel). After
 * {@link #close()} (idempotent, any thread: the registration is cancelled on the loop, then the
 * socket closed) new requests and those still waiting fail with {@link IllegalStateException}.
 */
public final class NettyRtnl implements AutoCloseable {
  private final Handle handle;

  private NettyRtnl(Handle handle) {
    this.handle = handle;
  }

  /** Opens an rtnetlink socket in the calling thread's network namespace and registers it with {@code loop}. */
  public static Future<NettyRtnl> open(IoEventLoop loop) {
    return register(loop, NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE), null);
  }

  /** Opens an rtnetlink socket in {@code namespace} and registers it with {@code loop}. */
  public static Future<NettyRtnl> open(IoEventLoop loop, NetNamespace namespace) {
    return register(loop, namespace.openNetlinkSocket(NetlinkSocket.NETLINK_ROUTE), namespace.label());
  }

  /**
   * Registers {@code socket} (an rtnetlink socket, which this client then owns and closes) with
   * {@code loop}; {@code namespaceLabel} names its namespace in errors (null: none).
   *
   * @throws IllegalArgumentException when the loop does not run an {@code EpollIoHandler}
   */
  public static Future<NettyRtnl> register(IoEventLoop loop, NetlinkSocket socket, String namespaceLabel) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(socket, "socket");
    if (!loop.isCompatible(Handle.class)) {
      socket.close();
      throw new IllegalArgumentException("rtnl4j's netty integration needs an event loop with Netty's EpollIoHandler: " + loop);
    }
    Handle h = new Handle(loop, socket, namespaceLabel);
    Promise<NettyRtnl> ready = loop.newPromise();
    h.register(ready, new NettyRtnl(h));
    return ready;
  }

  /** The event loop completions arrive on. */
  public IoEventLoop eventLoop() {
    return handle.loop();
  }

  /**
   * Sends {@code request} with {@code NLM_F_ACK}; the future succeeds when the kernel
   * acknowledges it and fails with a {@link dev.rtnl4j.proto.KernelException} when the kernel
   * refuses it. Listeners run on the loop.
   */
  public Future<Void> execute(Request request) {
    Objects.requireNonNull(request, "request");
    Promise<Void> p = handle.loop().newPromise();
    if (handle.loop().inEventLoop()) {
      handle.send(request, p);
    } else {
      try {
        handle.loop().execute(() -> handle.send(request, p));
      } catch (RejectedExecutionException e) {
        p.tryFailure(new IllegalStateException("the event loop of this rtnetlink client has shut down", e));
      }
    }
    return p;
  }

  /** Requests sent whose answer has not arrived (read it on the loop). */
  int waiting() {
    return handle.pending.size();
  }

  /** Completes once the socket is closed. */
  public Future<Void> closeFuture() {
    return handle.closeFuture();
  }

  /** Cancels the registration, then closes the socket; idempotent, from any thread. */
  @Override
  public void close() {
    handle.close();
  }

  private static final class Handle extends LoopHandle {
    private final NetlinkSocket socket;
    private final SocketBuffers buffers;
    private final String namespaceLabel;
    private final MessageWriter writer = new MessageWriter(4096);
    private final MessageCursor cursor = new MessageCursor();
    /** Sequence number to the request waiting for its answer; touched on the loop only. */
    private final Map<Integer, Waiting> pending = new HashMap<>();
    private boolean closed;

    private record Waiting(Request request, Promise<Void> promise) {}

    Handle(IoEventLoop loop, NetlinkSocket socket, String namespaceLabel) {
      super(loop, socket.fd());
      this.socket = socket;
      this.buffers = new SocketBuffers(socket);
      this.namespaceLabel = namespaceLabel;
    }

    void send(Request request, Promise<Void> p) {
      if (closed || socket.isClosed()) {
        p.tryFailure(new IllegalStateException("rtnetlink client on the event loop is closed"));
        return;
      }
      int seq = socket.nextSequence();
      try {
        writer.reset();
        Requests.encode(writer, request, seq, Nl.NLM_F_ACK);
        buffers.send(writer);
      } catch (RuntimeException e) {
        p.tryFailure(e);
        return;
      }
      pending.put(seq, new Waiting(request, p));
    }

    @Override
    void readReady() {
      for (;;) {
        int n;
        try {
          n = socket.receiveDatagram(0);
        } catch (NativeException e) {
          if (e.errno() != Errno.ENOBUFS) {
            throw e;
          }
          failAll(e); // answers were dropped; the socket goes on
          continue;
        }
        if (n == 0) {
          return; // EAGAIN
        }
        cursor.reset(buffers.received(), 0, n);
        while (cursor.next()) {
          if (cursor.type() != Nl.NLMSG_ERROR) {
            continue;
          }
          Waiting w = pending.remove(cursor.sequence());
          if (w == null) {
            continue;
          }
          ErrorMessage e = ErrorMessage.decode(cursor);
          if (e.isAck()) {
            w.promise().trySuccess(null);
          } else {
            w.promise().tryFailure(Requests.refusal(w.request(), e, namespaceLabel));
          }
        }
      }
    }

    private void failAll(Throwable cause) {
      List<Waiting> all = new ArrayList<>(pending.values());
      pending.clear();
      for (Waiting w : all) {
        w.promise().tryFailure(cause);
      }
    }

    @Override
    void failed(Throwable cause) {
      failAll(cause);
    }

    @Override
    void closeResources() {
      closed = true;
      try {
        socket.close();
      } finally {
        failAll(new IllegalStateException("rtnetlink client on the event loop was closed before the kernel answered"));
      }
    }
  }
}
