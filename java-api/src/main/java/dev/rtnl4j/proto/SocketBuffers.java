package dev.rtnl4j.proto;

import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.sys.NetlinkSocket;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The boundary between a {@link NetlinkSocket}, whose buffers are native memory segments, and the
 * codec, which reads and writes native-order {@link ByteBuffer}s: a view of the socket's receive
 * buffer (made again only when the socket replaces that buffer by a larger one), of its send
 * buffer, and the segment of the buffer a {@link MessageWriter} last sent (made again only when the
 * writer outgrew its buffer). So nothing is allocated per message.
 *
 * <p>Not thread-safe: used by the socket's one reader/writer at a time (a channel under its lock,
 * an event subscription). Throws what the socket's {@code send} and {@code receiveDatagram} throw:
 * {@link dev.rtnl4j.sys.NativeException} when the syscall fails, {@link IllegalStateException}
 * after close.
 */
public final class SocketBuffers {
  private final NetlinkSocket socket;
  private MemorySegment receiveSegment;
  private ByteBuffer receiveView;
  private ByteBuffer sentBuffer;
  private MemorySegment sentSegment;

  /** The buffers of {@code socket}. */
  public SocketBuffers(NetlinkSocket socket) {
    this.socket = socket;
  }

  /** The socket. */
  public NetlinkSocket socket() {
    return socket;
  }

  /**
   * A view of the socket's own compose area ({@link NetlinkSocket#sendBuffer()}) in native order,
   * for a {@link MessageWriter} of the socket's owner.
   */
  public ByteBuffer sendBuffer() {
    return socket.sendBuffer().asByteBuffer().order(ByteOrder.nativeOrder());
  }

  /** Sends bytes {@code [0, writer.position())} of the writer's buffer in one {@code sendmsg}. */
  public void send(MessageWriter writer) {
    ByteBuffer b = writer.buffer();
    if (b != sentBuffer) {
      sentSegment = MemorySegment.ofBuffer(b);
      sentBuffer = b;
    }
    socket.send(sentSegment, 0, writer.position());
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
   * The same view until the socket replaces its buffer.
   */
  public ByteBuffer received() {
    MemorySegment s = socket.receiveBuffer();
    if (s != receiveSegment) {
      receiveView = s.asByteBuffer().order(ByteOrder.nativeOrder());
      receiveSegment = s;
    }
    return receiveView;
  }
}
