package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Rtm;

/**
 * A virtual Ethernet pair ({@code veth}). When creating, {@code peer} describes the other end (it
 * may be created directly in another namespace); on links read back from the kernel {@code peer}
 * is null (the kernel reports the peer only as {@code IFLA_LINK}, see {@link Link#linkIndex()}).
 */
public record Veth(VethPeer peer) implements LinkKind {

  /** A veth whose other end is {@code peer}. */
  public static Veth withPeer(VethPeer peer) {
    return new Veth(peer);
  }

  @Override
  public String kindName() {
    return "veth";
  }

  @Override
  public void encodeData(MessageWriter w) {
    if (peer == null) {
      return;
    }
    int p = w.beginNested(Ifla.VETH_INFO_PEER);
    w.ifinfomsg(Rtm.AF_UNSPEC, 0, peer.index(), 0, 0);
    w.string(Ifla.IFLA_IFNAME, peer.name());
    if (peer.address() != null) {
      w.bytes(Ifla.IFLA_ADDRESS, peer.address().bytesNoCopy());
    }
    if (peer.mtu() != null) {
      w.u32(Ifla.IFLA_MTU, peer.mtu());
    }
    if (peer.txQueueLength() != null) {
      w.u32(Ifla.IFLA_TXQLEN, peer.txQueueLength());
    }
    LinkCodec.encodeQueues(w, peer.queues());
    LinkCodec.encodeNamespace(w, peer.namespace());
    w.endNested(p);
  }

  @Override
  public String details() {
    if (peer == null) {
      return "";
    }
    return "peer " + peer.name() + (peer.namespace() != null ? " in netns " + peer.namespace().label() : "");
  }
}
