package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nda;
import dev.rtnl4j.codec.RawAttribute;
import dev.rtnl4j.codec.Rtm;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Neighbour messages: {@code ndmsg} + {@code NDA_*} encoding and decoding. */
final class NeighbourCodec {
  private NeighbourCodec() {}

  /** Writes the body of an {@code RTM_NEWNEIGH} (or, with {@code delete}, {@code RTM_DELNEIGH}). */
  static void encode(MessageWriter w, NeighbourSpec s, boolean delete) {
    int flags = (s.router() ? Nda.NTF_ROUTER : 0) | (s.proxy() ? Nda.NTF_PROXY : 0);
    w.ndmsg(Inet.family(s.destination()), s.linkIndex(), delete ? 0 : s.state().bit(), flags, 0);
    w.bytes(Nda.NDA_DST, s.destination().getAddress());
    if (!delete && s.linkAddress() != null) {
      w.bytes(Nda.NDA_LLADDR, s.linkAddress().bytesNoCopy());
    }
  }

  /** Writes the body of a dump request: {@code family}, only link {@code linkIndex} when positive. */
  static void encodeDump(MessageWriter w, int family, int linkIndex, boolean proxies) {
    // strict checking wants ndm_ifindex 0 and the link as NDA_IFINDEX
    w.ndmsg(family, 0, 0, proxies ? Nda.NTF_PROXY : 0, 0);
    if (linkIndex > 0) {
      w.u32(Nda.NDA_IFINDEX, linkIndex);
    }
  }

  /** Decodes an {@code RTM_NEWNEIGH}/{@code RTM_DELNEIGH}. */
  static Neighbour decode(MessageCursor m) {
    if (m.type() != Rtm.RTM_NEWNEIGH && m.type() != Rtm.RTM_DELNEIGH) {
      throw new MalformedMessageException("expected RTM_NEWNEIGH, got " + Rtm.typeName(m.type()), m.offset());
    }
    int h = m.requireFixedHeader(Nda.NDMSG_LEN, "ndmsg") - Nda.NDMSG_LEN;
    int family = m.u8(h);
    int index = m.s32(h + 4);
    int state = m.u16(h + 8);
    int flags = m.u8(h + 10);
    int type = m.u8(h + 11);
    boolean inet = family == Rtm.AF_INET || family == Rtm.AF_INET6;
    InetAddress dst = null;
    MacAddress lladdr = null;
    int probes = -1;
    List<RawAttribute> unknown = new ArrayList<>(0);
    AttributeCursor a = m.attributes(Nda.NDMSG_LEN, "ndmsg", new AttributeCursor());
    while (a.next()) {
      switch (a.type()) {
        case Nda.NDA_DST -> {
          if (inet) {
            dst = Inet.read(a, family, "NDA_DST");
          } else {
            unknown.add(a.raw());
          }
        }
        case Nda.NDA_LLADDR -> lladdr = a.payloadLength() == 0 ? null : MacAddress.of(a.bytes());
        case Nda.NDA_PROBES -> probes = a.u32("NDA_PROBES");
        default -> unknown.add(a.raw());
      }
    }
    return new Neighbour(family, index, dst, lladdr, state, flags, type, probes, unknown);
  }
}
