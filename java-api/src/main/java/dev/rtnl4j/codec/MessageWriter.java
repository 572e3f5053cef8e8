package dev.rtnl4j.codec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Writes netlink messages straight into an off-heap buffer: headers, fixed rtnetlink headers and
 * attributes, 4-byte aligned, with the lengths of messages and nested attributes patched in when
 * they end. Several messages may be written back to back (one {@code sendmsg} batch).
 *
 * <p>A writer is reused: {@link #reset()} and write again. Nothing is allocated per message; the
 * buffer grows (doubling) only when a message does not fit, and keeps its size afterwards. Strings
 * are encoded as UTF-8 character by character, without an intermediate {@code byte[]}.
 *
 * <p>Not thread-safe: one writer per thread, or guarded by its owner. Throws
 * {@link IllegalStateException} when lengths overflow netlink's 16-bit attribute length or a nest
 * is closed out of order.
 */
public final class MessageWriter {
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final ValueLayout.OfInt BE_INT = INT.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfShort BE_SHORT = SHORT.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

  private MemorySegment buffer;
  private int position;

  /** A writer with a buffer of {@code initialCapacity} bytes (it grows when needed). */
  public MessageWriter(int initialCapacity) {
    buffer = Arena.ofAuto().allocate(Math.max(64, initialCapacity), 8);
  }

  /**
   * A writer that composes in {@code buffer} (native, at least 64 bytes, e.g. a socket's
   * {@code sendBuffer()}) until it needs more room, then in a larger buffer of its own.
   *
   * @throws IllegalArgumentException if {@code buffer} is not native or smaller than 64 bytes
   */
  public MessageWriter(MemorySegment buffer) {
    if (!buffer.isNative() || buffer.byteSize() < 64) {
      throw new IllegalArgumentException("a writer needs a native buffer of at least 64 bytes, not " + buffer);
    }
    this.buffer = buffer;
  }

  /** A writer with an 8 KiB buffer. */
  public MessageWriter() {
    this(8192);
  }

  /** Forgets everything written; the buffer is kept. */
  public MessageWriter reset() {
    position = 0;
    return this;
  }

  /** Bytes written since the last reset. */
  public int position() {
    return position;
  }

  /** The buffer; bytes {@code [0, position())} are the messages written. */
  public MemorySegment segment() {
    return buffer;
  }

  /** A view of the bytes written so far. */
  public MemorySegment written() {
    return buffer.asSlice(0, position);
  }

  private void ensure(int extra) {
    long need = (long) position + extra;
    if (need <= buffer.byteSize()) {
      return;
    }
    if (need > Integer.MAX_VALUE / 2) {
      throw new IllegalStateException("netlink batch larger than " + (Integer.MAX_VALUE / 2) + " bytes");
    }
    long size = buffer.byteSize();
    while (size < need) {
      size *= 2;
    }
    MemorySegment bigger = Arena.ofAuto().allocate(size, 8);
    MemorySegment.copy(buffer, 0, bigger, 0, position);
    buffer = bigger;
  }

  private void pad() {
    int aligned = Nl.align(position);
    if (aligned != position) {
      ensure(aligned - position);
    }
    while (position < aligned) {
      buffer.set(ValueLayout.JAVA_BYTE, position++, (byte) 0);
    }
  }

  // ---- messages ----------------------------------------------------------------------------

  /**
   * Starts a message: writes an {@code nlmsghdr} whose length is patched by
   * {@link #endMessage(int)}. Returns the message's start offset.
   */
  public int beginMessage(int type, int flags, int seq, int pid) {
    pad();
    ensure(Nl.NLMSG_HDRLEN);
    int start = position;
    buffer.set(INT, start, 0);
    buffer.set(SHORT, start + 4, (short) type);
    buffer.set(SHORT, start + 6, (short) flags);
    buffer.set(INT, start + 8, seq);
    buffer.set(INT, start + 12, pid);
    position += Nl.NLMSG_HDRLEN;
    return start;
  }

  /** Ends the message started at {@code start}: patches {@code nlmsg_len} and pads to 4 bytes. */
  public void endMessage(int start) {
    checkStart(start);
    buffer.set(INT, start, position - start);
    pad();
  }

  /** Replaces the sequence number of the message at {@code start}. */
  public void patchSequence(int start, int seq) {
    checkStart(start);
    buffer.set(INT, start + 8, seq);
  }

  /** Adds {@code flags} to the header flags of the message at {@code start}. */
  public void addFlags(int start, int flags) {
    checkStart(start);
    short f = buffer.get(SHORT, start + 6);
    buffer.set(SHORT, start + 6, (short) (f | flags));
  }

  private void checkStart(int start) {
    if (start < 0 || start + Nl.NLMSG_HDRLEN > position) {
      throw new IllegalStateException("no message starts at offset " + start);
    }
  }

  // ---- fixed headers -----------------------------------------------------------------------

  /** Writes a {@code struct ifinfomsg}. */
  public MessageWriter ifinfomsg(int family, int type, int index, int flags, int change) {
    ensure(Ifla.IFINFOMSG_LEN);
    int p = position;
    buffer.set(ValueLayout.JAVA_BYTE, p, (byte) family);
    buffer.set(ValueLayout.JAVA_BYTE, p + 1, (byte) 0);
    buffer.set(SHORT, p + 2, (short) type);
    buffer.set(INT, p + 4, index);
    buffer.set(INT, p + 8, flags);
    buffer.set(INT, p + 12, change);
    position += Ifla.IFINFOMSG_LEN;
    return this;
  }

  /** Writes a {@code struct ifaddrmsg}. */
  public MessageWriter ifaddrmsg(int family, int prefixLength, int flags, int scope, int index) {
    ensure(Ifa.IFADDRMSG_LEN);
    int p = position;
    buffer.set(ValueLayout.JAVA_BYTE, p, (byte) family);
    buffer.set(ValueLayout.JAVA_BYTE, p + 1, (byte) prefixLength);
    buffer.set(ValueLayout.JAVA_BYTE, p + 2, (byte) flags);
    buffer.set(ValueLayout.JAVA_BYTE, p + 3, (byte) scope);
    buffer.set(INT, p + 4, index);
    position += Ifa.IFADDRMSG_LEN;
    return this;
  }

  /** Writes a {@code struct rtmsg}. */
  public MessageWriter rtmsg(int family, int dstLength, int srcLength, int tos, int table,
      int protocol, int scope, int type, int flags) {
    ensure(Rta.RTMSG_LEN);
    int p = position;
    buffer.set(ValueLayout.JAVA_BYTE, p, (byte) family);
    buffer.set(ValueLayout.JAVA_BYTE, p + 1, (byte) dstLength);
    buffer.set(ValueLayout.JAVA_BYTE, p + 2, (byte) srcLength);
    buffer.set(ValueLayout.JAVA_BYTE, p + 3, (byte) tos);
    buffer.set(ValueLayout.JAVA_BYTE, p + 4, (byte) table);
    buffer.set(ValueLayout.JAVA_BYTE, p + 5, (byte) protocol);
    buffer.set(ValueLayout.JAVA_BYTE, p + 6, (byte) scope);
    buffer.set(ValueLayout.JAVA_BYTE, p + 7, (byte) type);
    buffer.set(INT, p + 8, flags);
    position += Rta.RTMSG_LEN;
    return this;
  }

  /**
   * Writes a {@code struct nfgenmsg}, the fixed header of every nfnetlink message: the netfilter
   * family ({@code NFPROTO_INET}...), the version ({@code NFNETLINK_V0}) and the resource id, in
   * network byte order (the subsystem, in a batch marker).
   */
  public MessageWriter nfgenmsg(int family, int version, int resId) {
    ensure(Nfnl.NFGENMSG_LEN);
    int p = position;
    buffer.set(ValueLayout.JAVA_BYTE, p, (byte) family);
    buffer.set(ValueLayout.JAVA_BYTE, p + 1, (byte) version);
    buffer.set(BE_SHORT, p + 2, (short) resId);
    position += Nfnl.NFGENMSG_LEN;
    return this;
  }

  /**
   * Writes a {@code struct nlmsgerr} whose echoed header says {@code len, type, flags, seq, pid}
   * (what the kernel sends; used to synthesise replies in tests and benchmarks).
   */
  public MessageWriter nlmsgerr(int error, int len, int type, int flags, int seq, int pid) {
    ensure(ErrorMessage.NLMSGERR_LEN);
    int p = position;
    buffer.set(INT, p, error);
    buffer.set(INT, p + 4, len);
    buffer.set(SHORT, p + 8, (short) type);
    buffer.set(SHORT, p + 10, (short) flags);
    buffer.set(INT, p + 12, seq);
    buffer.set(INT, p + 16, pid);
    position += ErrorMessage.NLMSGERR_LEN;
    return this;
  }

  /** Writes a 4-byte value in host order (a payload field such as the error of {@code NLMSG_DONE}). */
  public MessageWriter int32(int value) {
    ensure(4);
    buffer.set(INT, position, value);
    position += 4;
    return this;
  }

  /** Writes a {@code struct ndmsg}. */
  public MessageWriter ndmsg(int family, int index, int state, int flags, int type) {
    ensure(Nda.NDMSG_LEN);
    int p = position;
    buffer.set(ValueLayout.JAVA_BYTE, p, (byte) family);
    buffer.set(ValueLayout.JAVA_BYTE, p + 1, (byte) 0);
    buffer.set(SHORT, p + 2, (short) 0);
    buffer.set(INT, p + 4, index);
    buffer.set(SHORT, p + 8, (short) state);
    buffer.set(ValueLayout.JAVA_BYTE, p + 10, (byte) flags);
    buffer.set(ValueLayout.JAVA_BYTE, p + 11, (byte) type);
    position += Nda.NDMSG_LEN;
    return this;
  }

  /**
   * Starts a {@code struct rtnexthop} inside {@code RTA_MULTIPATH}; its attributes follow, and
   * {@link #endNexthop(int)} patches its length. Returns its start offset.
   */
  public int beginNexthop(int flags, int hops, int index) {
    pad();
    ensure(Rta.RTNEXTHOP_LEN);
    int p = position;
    buffer.set(SHORT, p, (short) 0);
    buffer.set(ValueLayout.JAVA_BYTE, p + 2, (byte) flags);
    buffer.set(ValueLayout.JAVA_BYTE, p + 3, (byte) hops);
    buffer.set(INT, p + 4, index);
    position += Rta.RTNEXTHOP_LEN;
    return p;
  }

  /** Ends the {@code rtnexthop} started at {@code start}. */
  public void endNexthop(int start) {
    endNested(start);
  }

  // ---- attributes --------------------------------------------------------------------------

  private int header(int type, int payload) {
    pad();
    int len = Nl.NLA_HDRLEN + payload;
    if (len > 0xffff) {
      throw new IllegalStateException("attribute " + type + " of " + payload + " bytes exceeds netlink's 65535");
    }
    ensure(Nl.align(len));
    buffer.set(SHORT, position, (short) len);
    buffer.set(SHORT, position + 2, (short) type);
    position += Nl.NLA_HDRLEN;
    return position;
  }

  /** Writes an attribute with a one-byte value. */
  public MessageWriter u8(int type, int value) {
    int p = header(type, 1);
    buffer.set(ValueLayout.JAVA_BYTE, p, (byte) value);
    position = p + 1;
    pad();
    return this;
  }

  /** Writes an attribute with a two-byte value in host byte order. */
  public MessageWriter u16(int type, int value) {
    int p = header(type, 2);
    buffer.set(SHORT, p, (short) value);
    position = p + 2;
    pad();
    return this;
  }

  /** Writes an attribute with a two-byte value in network byte order. */
  public MessageWriter be16(int type, int value) {
    return u16(type, Short.reverseBytes((short) value) & 0xffff);
  }

  /** Writes an attribute with a four-byte value in host byte order. */
  public MessageWriter u32(int type, int value) {
    int p = header(type, 4);
    buffer.set(INT, p, value);
    position = p + 4;
    return this;
  }

  /** Writes an attribute with a four-byte value in network byte order (every integer of nf_tables). */
  public MessageWriter be32(int type, int value) {
    int p = header(type, 4);
    buffer.set(BE_INT, p, value);
    position = p + 4;
    return this;
  }

  /** Writes an attribute with an eight-byte value in host byte order. */
  public MessageWriter u64(int type, long value) {
    int p = header(type, 8);
    buffer.set(LONG, p, value);
    position = p + 8;
    return this;
  }

  /** Writes an attribute without payload (a flag). */
  public MessageWriter flag(int type) {
    header(type, 0);
    return this;
  }

  /** Writes an attribute whose payload is {@code value}. */
  public MessageWriter bytes(int type, byte[] value) {
    return bytes(type, value, 0, value.length);
  }

  /** Writes an attribute whose payload is {@code value[offset, offset+length)}. */
  public MessageWriter bytes(int type, byte[] value, int offset, int length) {
    int p = header(type, length);
    MemorySegment.copy(value, offset, buffer, ValueLayout.JAVA_BYTE, p, length);
    position = p + length;
    pad();
    return this;
  }

  /** Writes an attribute whose payload is the bytes of {@code value}. */
  public MessageWriter bytes(int type, MemorySegment value) {
    int length = Math.toIntExact(value.byteSize());
    int p = header(type, length);
    MemorySegment.copy(value, 0, buffer, p, length);
    position = p + length;
    pad();
    return this;
  }

  /** Writes an IPv4 address (host-order int, e.g. {@code 0x0a000001} for 10.0.0.1) in network order. */
  public MessageWriter ipv4(int type, int address) {
    int p = header(type, 4);
    buffer.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), p, address);
    position = p + 4;
    return this;
  }

  /** Writes {@code raw} back as it was read. */
  public MessageWriter raw(RawAttribute raw) {
    return bytes(raw.type(), raw.valueNoCopy());
  }

  /**
   * Writes {@code value} as a NUL-terminated UTF-8 string (what {@code IFLA_IFNAME},
   * {@code IFA_LABEL} and {@code IFLA_INFO_KIND} hold), without an intermediate array.
   */
  public MessageWriter string(int type, CharSequence value) {
    int length = Utf8.length(value);
    int p = header(type, length + 1);
    Utf8.encode(value, buffer, p);
    buffer.set(ValueLayout.JAVA_BYTE, p + length, (byte) 0);
    position = p + length + 1;
    pad();
    return this;
  }

  /**
   * Starts a nested attribute; what is written until {@link #endNested(int)} is its payload.
   * Pass {@code type | Nl.NLA_F_NESTED} where the kernel wants the flag. Returns its start offset.
   */
  public int beginNested(int type) {
    header(type, 0);
    return position - Nl.NLA_HDRLEN;
  }

  /**
   * Ends the nested attribute started at {@code start}, or removes it when nothing was written
   * into it. Returns true when it was kept.
   */
  public boolean endNestedOrDrop(int start) {
    if (position == start + Nl.NLA_HDRLEN) {
      position = start;
      return false;
    }
    endNested(start);
    return true;
  }

  /** Ends the nested attribute started at {@code start}: patches its {@code nla_len}. */
  public void endNested(int start) {
    if (start < 0 || start + Nl.NLA_HDRLEN > position) {
      throw new IllegalStateException("no nested attribute starts at offset " + start);
    }
    int len = position - start;
    if (len > 0xffff) {
      throw new IllegalStateException("nested attribute at " + start + " of " + len + " bytes exceeds netlink's 65535");
    }
    buffer.set(SHORT, start, (short) len);
  }
}
