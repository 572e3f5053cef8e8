package dev.rtnl4j.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Walks a run of netlink attributes ({@code struct nlattr}), checking every length against the
 * bounds of its parent. A reusable flyweight: {@link #reset} then {@code while (c.next()) ...}.
 *
 * <p>Every accessor checks the payload size it reads: an {@code nla_len} below 4, one that runs
 * past the parent, a u32 attribute that is not 4 bytes long, all end in a
 * {@link MalformedMessageException} naming the attribute and its offset, never in an
 * out-of-bounds read or a wrong value. Each step advances by at least 4 bytes, so a walk always
 * ends.
 *
 * <p>The buffer is a {@link ByteBuffer} in native byte order, read with absolute indices below its
 * limit: its position is neither used nor changed.
 */
public final class AttributeCursor {
  private static final ByteBuffer EMPTY = Buffers.allocate(0);

  private ByteBuffer buffer = EMPTY;
  private int next;
  private int end;
  private int offset = -1;
  private int rawType;
  private int payloadLength;

  /** A cursor over nothing; call {@link #reset}. */
  public AttributeCursor() {}

  /**
   * Starts over on the attributes in {@code buffer[from, to)}.
   *
   * @throws IndexOutOfBoundsException if the range is outside {@code [0, buffer.limit())}
   * @throws IllegalArgumentException if the buffer is not in native byte order
   */
  public AttributeCursor reset(ByteBuffer buffer, int from, int to) {
    if (from < 0 || to < from || to > buffer.limit()) {
      throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") outside a buffer of " + buffer.limit() + " bytes");
    }
    return over(Buffers.requireNativeOrder(buffer, "an attribute cursor"), from, to);
  }

  /** {@link #reset} without its checks, for a range inside one already checked (a nest, a message's attributes). */
  AttributeCursor over(ByteBuffer buffer, int from, int to) {
    this.buffer = buffer;
    this.next = from;
    this.end = to;
    this.offset = -1;
    return this;
  }

  /** Advances to the next attribute; false when the run is exhausted. */
  public boolean next() {
    if (next >= end) {
      offset = -1;
      return false;
    }
    int remaining = end - next;
    if (remaining < Nl.NLA_HDRLEN) {
      throw new MalformedMessageException(remaining + " trailing bytes, too few for an attribute header", next);
    }
    int header = buffer.getInt(next); // nla_len and nla_type in one read
    int len = Buffers.NATIVE_BIG_ENDIAN ? header >>> 16 : header & 0xffff;
    int type = Buffers.NATIVE_BIG_ENDIAN ? header & 0xffff : header >>> 16;
    if (len < Nl.NLA_HDRLEN) {
      throw new MalformedMessageException("attribute " + (type & Nl.NLA_TYPE_MASK) + " has nla_len " + len + " < 4", next);
    }
    if (len > remaining) {
      throw new MalformedMessageException("attribute " + (type & Nl.NLA_TYPE_MASK) + " has nla_len " + len
          + ", past the end of its container (" + remaining + " bytes left)", next);
    }
    offset = next;
    rawType = type;
    payloadLength = len - Nl.NLA_HDRLEN;
    next = Math.min(end, next + Nl.align(len));
    return true;
  }

  /** Attribute type without the flag bits. */
  public int type() {
    return rawType & Nl.NLA_TYPE_MASK;
  }

  /** The full 16-bit {@code nla_type}, flags included. */
  public int rawType() {
    return rawType;
  }

  /** Offset of the current attribute's header in the buffer. */
  public int offset() {
    return offset;
  }

  /** Offset of the current attribute's payload. */
  public int payloadOffset() {
    return offset + Nl.NLA_HDRLEN;
  }

  /** Payload length in bytes. */
  public int payloadLength() {
    return payloadLength;
  }

  /** The buffer being walked. */
  public ByteBuffer buffer() {
    return buffer;
  }

  private void requireLength(int size, String name) {
    if (payloadLength != size) {
      throw new MalformedMessageException(name + " (attribute " + type() + ") has a " + payloadLength
          + "-byte payload, expected " + size, offset);
    }
  }

  /** The payload as an unsigned byte; it must be exactly 1 byte. */
  public int u8(String name) {
    requireLength(1, name);
    return Byte.toUnsignedInt(buffer.get(payloadOffset()));
  }

  /** The payload as an unsigned 16-bit value in host order; it must be exactly 2 bytes. */
  public int u16(String name) {
    requireLength(2, name);
    return Short.toUnsignedInt(buffer.getShort(payloadOffset()));
  }

  /** The payload as a 16-bit value in network order; it must be exactly 2 bytes. */
  public int be16(String name) {
    requireLength(2, name);
    return Short.toUnsignedInt(Short.reverseBytes(buffer.getShort(payloadOffset())));
  }

  /** The payload as a 32-bit value in host order; it must be exactly 4 bytes. */
  public int u32(String name) {
    requireLength(4, name);
    return buffer.getInt(payloadOffset());
  }

  /** The payload as a 32-bit value in network order (an IPv4 address); exactly 4 bytes. */
  public int be32(String name) {
    requireLength(4, name);
    return Buffers.networkOrder(buffer.getInt(payloadOffset()));
  }

  /** The payload as a 64-bit value in host order; it must be exactly 8 bytes. */
  public long u64(String name) {
    requireLength(8, name);
    return buffer.getLong(payloadOffset());
  }

  /** A copy of the payload. */
  public byte[] bytes() {
    byte[] b = new byte[payloadLength];
    buffer.get(payloadOffset(), b, 0, payloadLength);
    return b;
  }

  /** A copy of the payload, which must be exactly {@code size} bytes. */
  public byte[] bytes(int size, String name) {
    requireLength(size, name);
    return bytes();
  }

  /**
   * The payload as a string: UTF-8 up to the first NUL or the end of the payload, whichever
   * comes first (never reading past the attribute).
   */
  public String string() {
    int p = payloadOffset();
    int n = 0;
    while (n < payloadLength && buffer.get(p + n) != 0) {
      n++;
    }
    byte[] b = new byte[n];
    buffer.get(p, b, 0, n);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The current attribute, kept as bytes. */
  public RawAttribute raw() {
    return RawAttribute.owning(rawType, bytes());
  }

  /** Points {@code into} at the attributes nested in the current attribute's payload. */
  public AttributeCursor nested(AttributeCursor into) {
    int p = payloadOffset();
    return into.over(buffer, p, p + payloadLength);
  }

  /** A new cursor over the attributes nested in the current attribute's payload. */
  public AttributeCursor nested() {
    return nested(new AttributeCursor());
  }
}
