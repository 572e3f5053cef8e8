package dev.rtnl4j.codec;

/**
 * A decoded {@code NLMSG_ERROR}: an acknowledgement when {@code errno == 0}, else the kernel's
 * refusal, with what the extended acknowledgement adds ({@code NLMSGERR_ATTR_*}).
 *
 * @param errno            positive errno (0 for an acknowledgement)
 * @param requestType      {@code nlmsg_type} of the request it answers
 * @param requestFlags     {@code nlmsg_flags} of that request
 * @param requestSequence  {@code nlmsg_seq} of that request
 * @param message          {@code NLMSGERR_ATTR_MSG}, the kernel's words, or null
 * @param offendingOffset  {@code NLMSGERR_ATTR_OFFS}: byte offset of the offending attribute in
 *                         the request (from its {@code nlmsghdr}), or -1
 * @param cookie           {@code NLMSGERR_ATTR_COOKIE}, or null
 * @param missingType      {@code NLMSGERR_ATTR_MISS_TYPE}: an attribute the kernel wanted, or -1
 * @param missingNest      {@code NLMSGERR_ATTR_MISS_NEST}: offset of the nest it was missing in, or -1
 */
public record ErrorMessage(int errno, int requestType, int requestFlags, int requestSequence,
    String message, int offendingOffset, byte[] cookie, int missingType, int missingNest) {

  /** Size of {@code struct nlmsgerr} without the echoed payload. */
  public static final int NLMSGERR_LEN = 4 + Nl.NLMSG_HDRLEN;

  /** True for a plain acknowledgement (error 0). */
  public boolean isAck() {
    return errno == 0;
  }

  /**
   * Decodes the {@code NLMSG_ERROR} message under {@code cursor}. Throws
   * {@link MalformedMessageException} if it is too short or its attributes are malformed, or if
   * the error code is positive or absurd.
   */
  public static ErrorMessage decode(MessageCursor cursor) {
    return decode(cursor, new AttributeCursor());
  }

  /** As {@link #decode(MessageCursor)}, reusing {@code attrs}. */
  public static ErrorMessage decode(MessageCursor cursor, AttributeCursor attrs) {
    int p = cursor.requireFixedHeader(NLMSGERR_LEN, "struct nlmsgerr") - NLMSGERR_LEN;
    int error = cursor.s32(p);
    if (error > 0 || error < -4095) {
      throw new MalformedMessageException("nlmsgerr.error " + error + " is not 0 or a negative errno", p);
    }
    int inner = p + 4;
    int innerLen = cursor.s32(inner);
    int requestType = cursor.u16(inner + 4);
    int requestFlags = cursor.u16(inner + 6);
    int requestSeq = cursor.s32(inner + 8);
    int flags = cursor.flags();
    String message = null;
    int offs = -1;
    byte[] cookie = null;
    int missType = -1;
    int missNest = -1;
    if ((flags & Nl.NLM_F_ACK_TLVS) != 0) {
      int tlvStart;
      if ((flags & Nl.NLM_F_CAPPED) != 0) {
        tlvStart = inner + Nl.NLMSG_HDRLEN;
      } else {
        long echoed = Integer.toUnsignedLong(innerLen);
        if (echoed < Nl.NLMSG_HDRLEN) {
          throw new MalformedMessageException("echoed request length " + echoed + " shorter than its header", inner);
        }
        tlvStart = (int) Math.min(Integer.MAX_VALUE, inner + ((echoed + 3) & ~3L));
      }
      int end = cursor.endOffset();
      if (tlvStart > end) {
        throw new MalformedMessageException("echoed request runs past the end of the error message", inner);
      }
      attrs.reset(cursor.buffer(), tlvStart, end);
      while (attrs.next()) {
        switch (attrs.type()) {
          case Nl.NLMSGERR_ATTR_MSG -> message = attrs.string();
          case Nl.NLMSGERR_ATTR_OFFS -> offs = attrs.u32("NLMSGERR_ATTR_OFFS");
          case Nl.NLMSGERR_ATTR_COOKIE -> cookie = attrs.bytes();
          case Nl.NLMSGERR_ATTR_MISS_TYPE -> missType = attrs.u32("NLMSGERR_ATTR_MISS_TYPE");
          case Nl.NLMSGERR_ATTR_MISS_NEST -> missNest = attrs.u32("NLMSGERR_ATTR_MISS_NEST");
          default -> { }
        }
      }
    }
    return new ErrorMessage(-error, requestType, requestFlags, requestSeq, message, offs, cookie, missType, missNest);
  }
}
