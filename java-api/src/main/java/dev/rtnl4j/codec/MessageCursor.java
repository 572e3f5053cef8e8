package dev.rtnl4j.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Walks the netlink messages of one received buffer (a datagram may hold many), checking every
 * header against the bounds of the buffer. A reusable flyweight: {@link #reset} then
 * {@code while (cursor.next()) ...}; nothing is allocated.
 *
 * <p>Throws {@link MalformedMessageException} for a header that does not fit, an
 * {@code nlmsg_len} shorter than the header or longer than what remains.
 */
public final class MessageCursor {
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

  private MemorySegment segment;
  private long end;
  private long next;
  private long offset = -1;
  private int length;

  /** A cursor over nothing; call {@link #reset}. */
  public MessageCursor() {
    segment = MemorySegment.NULL;
  }

  /** A cursor over the whole of {@code segment}. */
  public MessageCursor(MemorySegment segment) {
    reset(segment, 0, segment.byteSize());
  }

  /** Starts over on {@code segment[from, from+length)}. */
  public MessageCursor reset(MemorySegment segment, long from, long length) {
    if (from < 0 || length < 0 || from + length > segment.byteSize()) {
      throw new IndexOutOfBoundsException("range [" + from + ", " + (from + length) + ") outside a segment of " + segment.byteSize());
    }
    this.segment = segment;
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
    long remaining = end - next;
    if (remaining < Nl.NLMSG_HDRLEN) {
      throw new MalformedMessageException(remaining + " trailing bytes, too few for an nlmsghdr", next);
    }
    long len = Integer.toUnsignedLong(segment.get(INT, next));
    if (len < Nl.NLMSG_HDRLEN) {
      throw new MalformedMessageException("nlmsg_len " + len + " is shorter than the 16-byte header", next);
    }
    if (len > remaining) {
      throw new MalformedMessageException("nlmsg_len " + len + " runs past the end of the buffer (" + remaining + " bytes left)", next);
    }
    offset = next;
    length = (int) len;
    next = Math.min(end, next + ((len + 3) & ~3L));
    return true;
  }

  /** The buffer being walked. */
  public MemorySegment segment() {
    return segment;
  }

  /** Offset of the current message's header in {@link #segment()}. */
  public long offset() {
    return offset;
  }

  /** {@code nlmsg_len}: header plus payload. */
  public int length() {
    return length;
  }

  /** {@code nlmsg_type}. */
  public int type() {
    return Short.toUnsignedInt(segment.get(SHORT, offset + 4));
  }

  /** {@code nlmsg_flags}. */
  public int flags() {
    return Short.toUnsignedInt(segment.get(SHORT, offset + 6));
  }

  /** {@code nlmsg_seq}. */
  public int sequence() {
    return segment.get(INT, offset + 8);
  }

  /** {@code nlmsg_pid}. */
  public int portId() {
    return segment.get(INT, offset + 12);
  }

  /** Offset of the payload (after the 16-byte header). */
  public long payloadOffset() {
    return offset + Nl.NLMSG_HDRLEN;
  }

  /** Payload length. */
  public int payloadLength() {
    return length - Nl.NLMSG_HDRLEN;
  }

  /** End offset of the current message (exclusive). */
  public long endOffset() {
    return offset + length;
  }

  /**
   * Checks that the payload holds a fixed header of {@code size} bytes (e.g. {@code ifinfomsg});
   * returns the offset where the attributes start.
   */
  public long requireFixedHeader(int size, String name) {
    if (payloadLength() < size) {
      throw new MalformedMessageException(Rtm.typeName(type()) + " payload of " + payloadLength()
          + " bytes is too short for " + name + " (" + size + " bytes)", payloadOffset());
    }
    return payloadOffset() + Nl.align(size);
  }

  /** Attribute area of the current message, after a fixed header of {@code size} bytes. */
  public AttributeCursor attributes(int size, String name, AttributeCursor into) {
    long start = requireFixedHeader(size, name);
    long stop = endOffset();
    return into.reset(segment, Math.min(start, stop), stop);
  }

  /** u8 at {@code offset} of the segment (bounds are the caller's to check). */
  public int u8(long at) {
    return Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, at));
  }

  /** u16 at {@code offset}, host order. */
  public int u16(long at) {
    return Short.toUnsignedInt(segment.get(SHORT, at));
  }

  /** s32 at {@code offset}, host order. */
  public int s32(long at) {
    return segment.get(INT, at);
  }
}
