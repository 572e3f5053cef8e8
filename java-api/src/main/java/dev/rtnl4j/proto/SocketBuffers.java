package dev.rtnl4j.proto;

import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.sys.NetlinkSocket;
import java.nio.ByteBuffer;

/**
 * The boundary between a {@link NetlinkSocket} and the codec, both on direct native-order
 * {@link ByteBuffer}s: sends what a {@link MessageWriter} wrote and points a {@link MessageCursor}
 * at the datagram received, with no copy and nothing allocated per message (the socket looks a
 * writer's buffer address up once, and keeps one receive buffer until a larger datagram needs a
 * larger one).
 *
 * <p>Not thread-safe: used by the socket's one reader/writer at a time (a channel under its lock,
 * an event subscription). Throws what the socket's {@code send} and {@code receiveDatagram} throw:
 * {@link dev.rtnl4j.sys.NativeException} when the syscall fails, {@link IllegalStateException}
 * after close.
 */
public final class SocketBuffers {
  private final NetlinkSocket socket;

  /** The buffers of {@code socket}. */
  public SocketBuffers(NetlinkSocket socket) {
    this.socket = socket;
  }

  /** The socket. */
  public NetlinkSocket socket() {
    return socket;
  }

  /**
   * A native-order view of the socket's own compose area ({@link NetlinkSocket#sendBuffer()}), for
   * a {@link MessageWriter} of the socket's owner.
   */
  public ByteBuffer sendBuffer() {
    return socket.sendBuffer();
  }

  /** Sends bytes {@code [0, writer.position())} of the writer's buffer in one {@code sendmsg}. */
  public void send(MessageWriter writer) {
    socket.send(writer.buffer(), 0, writer.position());
  }

  /**
   * Waits up to {@code timeoutMillis} ({@code 0}: do not wait, negative: forever) for one datagram
   * and points {@code cursor} at it. Returns false when none came in time.
   */
  public boolean receive(int timeoutMillis, MessageCursor cursor) {
    int n = socket.receiveDatagram(timeoutMillis);
    if (n == 0 && timeoutMillis >= 0) {
      return false;
    }
    cursor.reset(received(), 0, n);
    return true;
  }

  /**
   * The socket's receive buffer in native order; the datagram of the last receive is at its start.
   * The same buffer until the socket replaces it by a larger one.
   */
  public ByteBuffer received() {
    return socket.receiveBuffer();
  }
}
