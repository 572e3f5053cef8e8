package dev.rtnl4j.codec;

import java.nio.ByteBuffer;

/**
 * Walks the netlink messages of one received buffer (a datagram may hold many), checking every
 * header against the bounds of the buffer. A reusable flyweight: {@link #reset} then
 * {@code while (cursor.next()) ...}; nothing is allocated.
 *
 * <p>The buffer is a {@link ByteBuffer} in native byte order (netlink headers are host order),
 * read with absolute indices below its limit: its position is neither used nor changed; the range
 * to walk is given to {@link #reset}.
 *
 * <p>Throws {@link MalformedMessageException} for a header that does not fit, an
 * {@code nlmsg_len} shorter than the header or longer than what remains.
 */
public final class MessageCursor {
  private static final ByteBuffer EMPTY = Buffers.allocate(0);

  private ByteBuffer buffer;
  private int end;
  private int next;
  private int offset = -1;
  private int length;

  /** A cursor over nothing; call {@link #reset}. */
  public MessageCursor() {
    buffer = EMPTY;
  }

  /** A cursor over {@code buffer[0, limit)}. */
  public MessageCursor(ByteBuffer buffer) {
    reset(buffer, 0, buffer.limit());
  }

  /**
   * Starts over on {@code buffer[from, from+length)}.
   *
   * @throws IndexOutOfBoundsException if the range is outside {@code [0, buffer.limit())}
   * @throws IllegalArgumentException if the buffer is not in native byte order
   */
  public MessageCursor reset(ByteBuffer buffer, int from, int length) {
    if (from < 0 || length < 0 || (long) from + length > buffer.limit()) {
      throw new IndexOutOfBoundsException("range [" + from + ", " + ((long) from + length) + ") outside a buffer of " + buffer.limit() + " bytes");
    }
    this.buffer = Buffers.requireNativeOrder(buffer, "a message cursor");
    this.next = from;
    this.end = from + length;
    this.offset = -1;
    return this;
  }

  /** Advances to the next message; false when the buffer is exhausted. */
  public boolean next() {
    if (next >= end) {
      offset = -1;
      return false;
    }
    int remaining = end - next;
    if (remaining < Nl.NLMSG_HDRLEN) {
      throw new MalformedMessageException(remaining + " trailing bytes, too few for an nlmsghdr", next);
    }
    long len = Integer.toUnsignedLong(buffer.getInt(next));
    if (len < Nl.NLMSG_HDRLEN) {
      throw new MalformedMessageException("nlmsg_len " + len + " is shorter than the 16-byte header", next);
    }
    if (len > remaining) {
      throw new MalformedMessageException("nlmsg_len " + len + " runs past the end of the buffer (" + remaining + " bytes left)", next);
    }
    offset = next;
    length = (int) len;
    next = (int) Math.min(end, next + ((len + 3) & ~3L));
    return true;
  }

  /** The buffer being walked. */
  public ByteBuffer buffer() {
    return buffer;
  }

  /** Offset of the current message's header in {@link #buffer()}. */
  public int offset() {
    return offset;
  }

  /** {@code nlmsg_len}: header plus payload. */
  public int length() {
    return length;
  }

  /** {@code nlmsg_type}. */
  public int type() {
    return Short.toUnsignedInt(buffer.getShort(offset + 4));
  }

  /** {@code nlmsg_flags}. */
  public int flags() {
    return Short.toUnsignedInt(buffer.getShort(offset + 6));
  }

  /** {@code nlmsg_seq}. */
  public int sequence() {
    return buffer.getInt(offset + 8);
  }

  /** {@code nlmsg_pid}. */
  public int portId() {
    return buffer.getInt(offset + 12);
  }

  /** Offset of the payload (after the 16-byte header). */
  public int payloadOffset() {
    return offset + Nl.NLMSG_HDRLEN;
  }

  /** Payload length. */
  public int payloadLength() {
    return length - Nl.NLMSG_HDRLEN;
  }

  /** End offset of the current message (exclusive). */
  public int endOffset() {
    return offset + length;
  }

  /**
   * Checks that the payload holds a fixed header of {@code size} bytes (e.g. {@code ifinfomsg});
   * returns the offset where the attributes start.
   */
  public int requireFixedHeader(int size, String name) {
    if (payloadLength() < size) {
      throw new MalformedMessageException(Rtm.typeName(type()) + " payload of " + payloadLength()
          + " bytes is too short for " + name + " (" + size + " bytes)", payloadOffset());
    }
    return payloadOffset() + Nl.align(size);
  }

  /** Attribute area of the current message, after a fixed header of {@code size} bytes. */
  public AttributeCursor attributes(int size, String name, AttributeCursor into) {
    int start = requireFixedHeader(size, name);
    int stop = endOffset();
    return into.over(buffer, Math.min(start, stop), stop); // inside the message, checked by next()
  }

  /** u8 at {@code offset} of the buffer (bounds are the caller's to check). */
  public int u8(int at) {
    return Byte.toUnsignedInt(buffer.get(at));
  }

  /** u16 at {@code offset}, host order. */
  public int u16(int at) {
    return Short.toUnsignedInt(buffer.getShort(at));
  }

  /** s32 at {@code offset}, host order. */
  public int s32(int at) {
    return buffer.getInt(at);
  }
}
