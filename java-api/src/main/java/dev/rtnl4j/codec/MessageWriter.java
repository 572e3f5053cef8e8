package dev.rtnl4j.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes netlink messages straight into a direct, native-order {@link ByteBuffer}: headers, fixed
 * rtnetlink headers and attributes, 4-byte aligned, with the lengths of messages and nested
 * attributes patched in when they end. Several messages may be written back to back (one
 * {@code sendmsg} batch).
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
  private ByteBuffer buffer;
  private int position;

  /** A writer with a buffer of {@code initialCapacity} bytes (it grows when needed). */
  public MessageWriter(int initialCapacity) {
    buffer = Buffers.allocate(Math.max(64, initialCapacity));
  }

  /**
   * A writer that composes in {@code buffer} (direct, native order, at least 64 bytes from index
   * 0 to its limit, e.g. a view of a socket's send buffer) until it needs more room, then in a
   * larger buffer of its own. The buffer's position is neither used nor changed.
   *
   * @throws IllegalArgumentException if {@code buffer} is not direct, not in native order, read-only
   *     or smaller than 64 bytes
   */
  public MessageWriter(ByteBuffer buffer) {
    if (!buffer.isDirect() || buffer.isReadOnly() || buffer.limit() < 64) {
      throw new IllegalArgumentException("a writer needs a direct, writable buffer of at least 64 bytes, not " + buffer);
    }
    this.buffer = Buffers.requireNativeOrder(buffer, "a writer");
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

  /**
   * The buffer (direct, native order; replaced by a larger one when a message outgrows it); bytes
   * {@code [0, position())} are the messages written. Its position means nothing.
   */
  public ByteBuffer buffer() {
    return buffer;
  }

  /**
   * A view of the bytes written so far, {@code [0, position())}, in native order (allocates a
   * view: for the error path and tests, not per message).
   */
  public ByteBuffer written() {
    return buffer.slice(0, position).order(ByteOrder.nativeOrder());
  }

  /** A copy of the bytes written so far (for tests and error paths; allocates). */
  public byte[] toByteArray() {
    byte[] b = new byte[position];
    buffer.get(0, b, 0, position);
    return b;
  }

  private void ensure(int extra) {
    long need = (long) position + extra;
    if (need <= buffer.limit()) {
      return;
    }
    if (need > Integer.MAX_VALUE / 2) {
      throw new IllegalStateException("netlink batch larger than " + (Integer.MAX_VALUE / 2) + " bytes");
    }
    int size = buffer.limit();
    while (size < need) {
      size *= 2;
    }
    ByteBuffer bigger = Buffers.allocate(size);
    bigger.put(0, buffer, 0, position);
    buffer = bigger;
  }

  private void pad() {
    int aligned = Nl.align(position);
    if (aligned != position) {
      ensure(aligned - position);
    }
    while (position < aligned) {
      buffer.put(position++, (byte) 0);
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
    buffer.putInt(start, 0);
    buffer.putShort(start + 4, (short) type);
    buffer.putShort(start + 6, (short) flags);
    buffer.putInt(start + 8, seq);
    buffer.putInt(start + 12, pid);
    position += Nl.NLMSG_HDRLEN;
    return start;
  }

  /** Ends the message started at {@code start}: patches {@code nlmsg_len} and pads to 4 bytes. */
  public void endMessage(int start) {
    checkStart(start);
    buffer.putInt(start, position - start);
    pad();
  }

  /** Replaces the sequence number of the message at {@code start}. */
  public void patchSequence(int start, int seq) {
    checkStart(start);
    buffer.putInt(start + 8, seq);
  }

  /** Adds {@code flags} to the header flags of the message at {@code start}. */
  public void addFlags(int start, int flags) {
    checkStart(start);
    short f = buffer.getShort(start + 6);
    buffer.putShort(start + 6, (short) (f | flags));
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
    buffer.put(p, (byte) family);
    buffer.put(p + 1, (byte) 0);
    buffer.putShort(p + 2, (short) type);
    buffer.putInt(p + 4, index);
    buffer.putInt(p + 8, flags);
    buffer.putInt(p + 12, change);
    position += Ifla.IFINFOMSG_LEN;
    return this;
  }

  /** Writes a {@code struct ifaddrmsg}. */
  public MessageWriter ifaddrmsg(int family, int prefixLength, int flags, int scope, int index) {
    ensure(Ifa.IFADDRMSG_LEN);
    int p = position;
    buffer.put(p, (byte) family);
    buffer.put(p + 1, (byte) prefixLength);
    buffer.put(p + 2, (byte) flags);
    buffer.put(p + 3, (byte) scope);
    buffer.putInt(p + 4, index);
    position += Ifa.IFADDRMSG_LEN;
    return this;
  }

  /** Writes a {@code struct rtmsg}. */
  public MessageWriter rtmsg(int family, int dstLength, int srcLength, int tos, int table,
      int protocol, int scope, int type, int flags) {
    ensure(Rta.RTMSG_LEN);
    int p = position;
    buffer.put(p, (byte) family);
    buffer.put(p + 1, (byte) dstLength);
    buffer.put(p + 2, (byte) srcLength);
    buffer.put(p + 3, (byte) tos);
    buffer.put(p + 4, (byte) table);
    buffer.put(p + 5, (byte) protocol);
    buffer.put(p + 6, (byte) scope);
    buffer.put(p + 7, (byte) type);
    buffer.putInt(p + 8, flags);
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
    buffer.put(p, (byte) family);
    buffer.put(p + 1, (byte) version);
    buffer.putShort(p + 2, Buffers.networkOrder((short) resId));
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
    buffer.putInt(p, error);
    buffer.putInt(p + 4, len);
    buffer.putShort(p + 8, (short) type);
    buffer.putShort(p + 10, (short) flags);
    buffer.putInt(p + 12, seq);
    buffer.putInt(p + 16, pid);
    position += ErrorMessage.NLMSGERR_LEN;
    return this;
  }

  /** Writes a 4-byte value in host order (a payload field such as the error of {@code NLMSG_DONE}). */
  public MessageWriter int32(int value) {
    ensure(4);
    buffer.putInt(position, value);
    position += 4;
    return this;
  }

  /** Writes a {@code struct ndmsg}. */
  public MessageWriter ndmsg(int family, int index, int state, int flags, int type) {
    ensure(Nda.NDMSG_LEN);
    int p = position;
    buffer.put(p, (byte) family);
    buffer.put(p + 1, (byte) 0);
    buffer.putShort(p + 2, (short) 0);
    buffer.putInt(p + 4, index);
    buffer.putShort(p + 8, (short) state);
    buffer.put(p + 10, (byte) flags);
    buffer.put(p + 11, (byte) type);
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
    buffer.putShort(p, (short) 0);
    buffer.put(p + 2, (byte) flags);
    buffer.put(p + 3, (byte) hops);
    buffer.putInt(p + 4, index);
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
    buffer.putShort(position, (short) len);
    buffer.putShort(position + 2, (short) type);
    position += Nl.NLA_HDRLEN;
    return position;
  }

  /** Writes an attribute with a one-byte value. */
  public MessageWriter u8(int type, int value) {
    int p = header(type, 1);
    buffer.put(p, (byte) value);
    position = p + 1;
    pad();
    return this;
  }

  /** Writes an attribute with a two-byte value in host byte order. */
  public MessageWriter u16(int type, int value) {
    int p = header(type, 2);
    buffer.putShort(p, (short) value);
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
    buffer.putInt(p, value);
    position = p + 4;
    return this;
  }

  /** Writes an attribute with a four-byte value in network byte order (every integer of nf_tables). */
  public MessageWriter be32(int type, int value) {
    int p = header(type, 4);
    buffer.putInt(p, Buffers.networkOrder(value));
    position = p + 4;
    return this;
  }

  /** Writes an attribute with an eight-byte value in host byte order. */
  public MessageWriter u64(int type, long value) {
    int p = header(type, 8);
    buffer.putLong(p, value);
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
    buffer.put(p, value, offset, length);
    position = p + length;
    pad();
    return this;
  }

  /**
   * Writes an attribute whose payload is the bytes of {@code value} between its position and its
   * limit (neither is changed).
   */
  public MessageWriter bytes(int type, ByteBuffer value) {
    int length = value.remaining();
    int p = header(type, length);
    buffer.put(p, value, value.position(), length);
    position = p + length;
    pad();
    return this;
  }

  /** Writes an IPv4 address (host-order int, e.g. {@code 0x0a000001} for 10.0.0.1) in network order. */
  public MessageWriter ipv4(int type, int address) {
    int p = header(type, 4);
    buffer.putInt(p, Buffers.networkOrder(address));
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
    buffer.put(p + length, (byte) 0);
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
    buffer.putShort(start, (short) len);
  }
}
