package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.Ifa;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.RawAttribute;
import dev.rtnl4j.codec.Rtm;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Address messages: encoding of {@code RTM_NEWADDR}/{@code RTM_DELADDR}, decoding of replies. */
final class AddressCodec {
  private AddressCodec() {}

  /** iproute2's default scope: host for 127.0.0.0/8, else universe. */
  static int defaultScope(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 4 && b[0] == 127 ? Rtm.RT_SCOPE_HOST : Rtm.RT_SCOPE_UNIVERSE;
  }

  static void encode(MessageWriter w, AddressSpec s, boolean delete) {
    int family = Inet.family(s.local());
    int scope = s.scope() != null ? s.scope() : (delete ? 0 : defaultScope(s.local()));
    w.ifaddrmsg(family, s.prefixLength(), s.flags() & 0xff, scope, s.linkIndex());
    byte[] local = s.local().getAddress();
    w.bytes(Ifa.IFA_LOCAL, local);
    w.bytes(Ifa.IFA_ADDRESS, s.peer() != null ? s.peer().getAddress() : local);
    if (delete) {
      return;
    }
    if (s.broadcast() != null) {
      w.bytes(Ifa.IFA_BROADCAST, s.broadcast().getAddress());
    }
    if (s.label() != null) {
      w.string(Ifa.IFA_LABEL, s.label());
    }
    if ((s.flags() & ~0xff) != 0) {
      w.u32(Ifa.IFA_FLAGS, s.flags());
    }
    if (s.validLifetime() != null || s.preferredLifetime() != null) {
      long valid = s.validLifetime() != null ? s.validLifetime() : 0xFFFFFFFFL;
      long preferred = s.preferredLifetime() != null ? s.preferredLifetime() : valid;
      int start = w.beginNested(Ifa.IFA_CACHEINFO);
      w.int32((int) preferred).int32((int) valid).int32(0).int32(0);
      w.endNested(start);
    }
    if (s.metric() != null) {
      w.u32(Ifa.IFA_RT_PRIORITY, s.metric());
    }
  }

  static Address decode(MessageCursor m) {
    if (m.type() != Rtm.RTM_NEWADDR && m.type() != Rtm.RTM_DELADDR) {
      throw new MalformedMessageException("expected RTM_NEWADDR, got " + Rtm.typeName(m.type()), m.offset());
    }
    int h = m.requireFixedHeader(Ifa.IFADDRMSG_LEN, "ifaddrmsg") - Ifa.IFADDRMSG_LEN;
    int family = m.u8(h);
    int prefix = m.u8(h + 1);
    int flags = m.u8(h + 2);
    int scope = m.u8(h + 3);
    int index = m.s32(h + 4);
    Inet.requireInet(family, "RTM_NEWADDR", h);
    if (prefix > Inet.bits(family)) {
      throw new MalformedMessageException("prefix length " + prefix + " exceeds " + Inet.bits(family) + " bits", h + 1);
    }
    AttributeCursor a = m.attributes(Ifa.IFADDRMSG_LEN, "ifaddrmsg", new AttributeCursor());
    InetAddress local = null;
    InetAddress address = null;
    InetAddress broadcast = null;
    String label = null;
    Address.Lifetime life = null;
    int metric = 0;
    List<RawAttribute> unknown = new ArrayList<>();
    while (a.next()) {
      switch (a.type()) {
        case Ifa.IFA_LOCAL -> local = Inet.read(a, family, "IFA_LOCAL");
        case Ifa.IFA_ADDRESS -> address = Inet.read(a, family, "IFA_ADDRESS");
        case Ifa.IFA_BROADCAST -> broadcast = Inet.read(a, family, "IFA_BROADCAST");
        case Ifa.IFA_LABEL -> label = a.string();
        case Ifa.IFA_FLAGS -> flags = a.u32("IFA_FLAGS");
        case Ifa.IFA_RT_PRIORITY -> metric = a.u32("IFA_RT_PRIORITY");
        case Ifa.IFA_CACHEINFO -> {
          if (a.payloadLength() != Ifa.IFA_CACHEINFO_LEN) {
            throw new MalformedMessageException("IFA_CACHEINFO has " + a.payloadLength() + " bytes, expected 16", a.offset());
          }
          int p = a.payloadOffset();
          life = new Address.Lifetime(u32(a, p), u32(a, p + 4), u32(a, p + 8), u32(a, p + 12));
        }
        default -> unknown.add(a.raw());
      }
    }
    if (local == null && address == null) {
      throw new MalformedMessageException("RTM_NEWADDR has neither IFA_LOCAL nor IFA_ADDRESS", m.offset());
    }
    return new Address(family, index, prefix, flags, scope, local, address, broadcast, label, life, metric, unknown);
  }

  private static long u32(AttributeCursor a, int at) {
    return Integer.toUnsignedLong(a.buffer().getInt(at));
  }
}
