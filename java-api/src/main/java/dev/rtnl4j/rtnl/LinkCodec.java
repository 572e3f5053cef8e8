package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.codec.RawAttribute;
import dev.rtnl4j.codec.Rtm;
import java.util.ArrayList;
import java.util.List;

/** Link messages: the attributes of link requests, and the decoding of {@code RTM_NEWLINK}. */
final class LinkCodec {
  private LinkCodec() {}

  static void encodeNamespace(MessageWriter w, NamespaceRef ns) {
    if (ns instanceof NamespaceRef.Fd fd) {
      w.u32(Ifla.IFLA_NET_NS_FD, fd.fd());
    } else if (ns instanceof NamespaceRef.Pid pid) {
      w.u32(Ifla.IFLA_NET_NS_PID, pid.pid());
    }
  }

  static void encodeLinkInfo(MessageWriter w, LinkKind kind) {
    int li = w.beginNested(Ifla.IFLA_LINKINFO);
    w.string(Ifla.IFLA_INFO_KIND, kind.kindName());
    int data = w.beginNested(Ifla.IFLA_INFO_DATA);
    kind.encodeData(w);
    w.endNestedOrDrop(data);
    w.endNested(li);
  }

  /** Writes ifinfomsg and the identifying attribute of {@code ref}. */
  static void encodeRef(MessageWriter w, LinkRef ref, int flags, int change) {
    int index = ref instanceof LinkRef.ByIndex i ? i.index() : 0;
    w.ifinfomsg(Rtm.AF_UNSPEC, 0, index, flags, change);
    if (ref instanceof LinkRef.ByName n) {
      w.string(Ifla.IFLA_IFNAME, n.name());
    } else if (ref instanceof LinkRef.ByAltName a) {
      w.string(Ifla.IFLA_ALT_IFNAME, a.altName());
    }
  }

  static void encodeCreate(MessageWriter w, LinkSpec s) {
    int f = s.up() ? Rtm.IFF_UP : 0;
    w.ifinfomsg(Rtm.AF_UNSPEC, 0, s.index(), f, f);
    w.string(Ifla.IFLA_IFNAME, s.name());
    if (s.mtu() != null) {
      w.u32(Ifla.IFLA_MTU, s.mtu());
    }
    if (s.address() != null) {
      w.bytes(Ifla.IFLA_ADDRESS, s.address().bytesNoCopy());
    }
    if (s.txQueueLength() != null) {
      w.u32(Ifla.IFLA_TXQLEN, s.txQueueLength());
    }
    encodeQueues(w, s.queues());
    if (s.master() != 0) {
      w.u32(Ifla.IFLA_MASTER, s.master());
    }
    encodeNamespace(w, s.namespace());
    s.kind().encodeLinkAttributes(w);
    encodeLinkInfo(w, s.kind());
  }

  /** {@code IFLA_NUM_TX_QUEUES} and {@code IFLA_NUM_RX_QUEUES}, when {@code q} is given. */
  static void encodeQueues(MessageWriter w, Queues q) {
    if (q != null) {
      w.u32(Ifla.IFLA_NUM_TX_QUEUES, q.transmit());
      w.u32(Ifla.IFLA_NUM_RX_QUEUES, q.receive());
    }
  }

  static void encodeChange(MessageWriter w, LinkRef ref, LinkChange c) {
    int flags = c.adminUp() == null ? 0 : (c.adminUp() ? Rtm.IFF_UP : 0);
    int change = c.adminUp() == null ? 0 : Rtm.IFF_UP;
    encodeRef(w, ref, flags, change);
    if (c.name() != null) {
      w.string(Ifla.IFLA_IFNAME, c.name());
    }
    if (c.mtu() != null) {
      w.u32(Ifla.IFLA_MTU, c.mtu());
    }
    if (c.address() != null) {
      w.bytes(Ifla.IFLA_ADDRESS, c.address().bytesNoCopy());
    }
    if (c.txQueueLength() != null) {
      w.u32(Ifla.IFLA_TXQLEN, c.txQueueLength());
    }
    if (c.master() != null) {
      w.u32(Ifla.IFLA_MASTER, c.master());
    }
    if (c.alias() != null) {
      w.string(Ifla.IFLA_IFALIAS, c.alias());
    }
    encodeNamespace(w, c.namespace());
    if (c.kindSettings() != null) {
      encodeLinkInfo(w, c.kindSettings());
    }
  }

  /** Decodes an {@code RTM_NEWLINK} (or {@code RTM_DELLINK}) message. */
  static Link decode(MessageCursor m) {
    if (m.type() != Rtm.RTM_NEWLINK && m.type() != Rtm.RTM_DELLINK) {
      throw new MalformedMessageException("expected RTM_NEWLINK, got " + Rtm.typeName(m.type()), m.offset());
    }
    int h = m.requireFixedHeader(Ifla.IFINFOMSG_LEN, "ifinfomsg") - Ifla.IFINFOMSG_LEN;
    int type = m.u16(h + 2);
    int index = m.s32(h + 4);
    int flags = m.s32(h + 8);
    AttributeCursor a = m.attributes(Ifla.IFINFOMSG_LEN, "ifinfomsg", new AttributeCursor());
    String name = null;
    LinkKind kind = null;
    int mtu = 0;
    MacAddress address = null;
    MacAddress broadcast = null;
    int master = 0;
    int txq = 0;
    String alias = null;
    List<String> altNames = new ArrayList<>();
    int operState = 0;
    int link = 0;
    int linkNetnsId = -1;
    List<RawAttribute> unknown = new ArrayList<>();
    while (a.next()) {
      switch (a.type()) {
        case Ifla.IFLA_IFNAME -> name = a.string();
        case Ifla.IFLA_MTU -> mtu = a.u32("IFLA_MTU");
        case Ifla.IFLA_ADDRESS -> address = hw(a, "IFLA_ADDRESS");
        case Ifla.IFLA_BROADCAST -> broadcast = hw(a, "IFLA_BROADCAST");
        case Ifla.IFLA_MASTER -> master = a.u32("IFLA_MASTER");
        case Ifla.IFLA_TXQLEN -> txq = a.u32("IFLA_TXQLEN");
        case Ifla.IFLA_IFALIAS -> alias = a.string();
        case Ifla.IFLA_OPERSTATE -> operState = a.u8("IFLA_OPERSTATE");
        case Ifla.IFLA_LINK -> link = a.u32("IFLA_LINK");
        case Ifla.IFLA_LINK_NETNSID -> linkNetnsId = a.u32("IFLA_LINK_NETNSID");
        case Ifla.IFLA_PROP_LIST -> {
          AttributeCursor p = a.nested();
          while (p.next()) {
            if (p.type() == Ifla.IFLA_ALT_IFNAME) {
              altNames.add(p.string());
            } else {
              unknown.add(p.raw());
            }
          }
        }
        case Ifla.IFLA_LINKINFO -> kind = decodeLinkInfo(a.nested(), unknown);
        default -> unknown.add(a.raw());
      }
    }
    if (name == null) {
      throw new MalformedMessageException("RTM_NEWLINK for index " + index + " has no IFLA_IFNAME", m.offset());
    }
    return new Link(index, name, kind, flags, type, mtu, address, broadcast, master, txq, alias, altNames,
        operState, link, linkNetnsId, unknown);
  }

  private static MacAddress hw(AttributeCursor a, String what) {
    if (a.payloadLength() > 32) {
      throw new MalformedMessageException(what + " of " + a.payloadLength() + " bytes is longer than 32", a.offset());
    }
    return MacAddress.of(a.bytes());
  }

  private static LinkKind decodeLinkInfo(AttributeCursor info, List<RawAttribute> unknown) {
    String kind = null;
    AttributeCursor data = null;
    while (info.next()) {
      switch (info.type()) {
        case Ifla.IFLA_INFO_KIND -> kind = info.string();
        case Ifla.IFLA_INFO_DATA -> data = info.nested();
        default -> unknown.add(new RawAttribute(Ifla.IFLA_LINKINFO | Nl.NLA_F_NESTED, rawOne(info)));
      }
    }
    if (kind == null || kind.isEmpty()) {
      return null;
    }
    return LinkKinds.decode(kind, data);
  }

  /** The attribute under {@code c}, header included, as bytes (to keep it inside a synthetic nest). */
  private static byte[] rawOne(AttributeCursor c) {
    int len = c.payloadLength() + Nl.NLA_HDRLEN;
    byte[] b = new byte[len];
    c.buffer().get(c.offset(), b, 0, len);
    return b;
  }
}
