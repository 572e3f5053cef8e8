package dev.rtnl4j.netns;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Netnsa;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.proto.Request;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Network-namespace ids ("nsid"): the small numbers by which one namespace refers to another in
 * netlink messages ({@code IFLA_LINK_NETNSID}, {@code NDA_LINK_NETNSID}...). An id is relative:
 * it is what the namespace of {@code channel} calls the peer. Asked with {@code RTM_GETNSID}
 * ({@code NETNSA_FD}), set with {@code RTM_NEWNSID} ({@code NETNSA_FD} + {@code NETNSA_NSID}), as
 * {@code ip netns set NAME ID} does.
 *
 * <p>Throws {@link KernelException} when the kernel refuses ({@code EEXIST} "Peer netns already
 * has a nsid assigned" or an id already used for another peer).
 */
public final class NamespaceIds {
  private final NetlinkChannel channel;

  /** Ids as seen from the namespace of {@code channel}'s socket; the channel stays the caller's. */
  public NamespaceIds(NetlinkChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
  }

  /**
   * The id the asking namespace has for {@code peer}, or empty when it has none (the kernel
   * answers {@code NETNSA_NSID_NOT_ASSIGNED}). Asking about the asking namespace itself gives its
   * own id when one was assigned, else empty.
   */
  public OptionalInt idOf(NetNamespace peer) {
    int fd = peer.fd();
    int id = channel.get(new GetId(fd, peer.toString()), NamespaceIds::decodeId);
    return id == Netnsa.NETNSA_NSID_NOT_ASSIGNED ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /**
   * Gives {@code peer} the id {@code id} in the asking namespace.
   *
   * @throws IllegalArgumentException for a negative id (use {@link #assignAny})
   * @throws KernelException EEXIST when the peer has an id already or {@code id} is taken
   */
  public void assign(NetNamespace peer, int id) {
    if (id < 0) {
      throw new IllegalArgumentException("namespace id " + id + " is negative; assignAny lets the kernel choose");
    }
    channel.execute(new NewId(peer.fd(), id, peer.toString()));
  }

  /**
   * Lets the kernel choose an id for {@code peer} (as {@code ip netns set NAME auto}) and returns
   * it.
   *
   * @throws KernelException EEXIST when the peer has an id already
   */
  public int assignAny(NetNamespace peer) {
    channel.execute(new NewId(peer.fd(), Netnsa.NETNSA_NSID_NOT_ASSIGNED, peer.toString()));
    return idOf(peer).orElseThrow(() -> new IllegalStateException("kernel assigned no id to " + peer));
  }

  static int decodeId(MessageCursor m) {
    if (m.type() != Rtm.RTM_NEWNSID) {
      throw new MalformedMessageException("expected RTM_NEWNSID, got " + Rtm.typeName(m.type()), m.offset());
    }
    AttributeCursor a = m.attributes(Netnsa.RTGENMSG_LEN, "rtgenmsg", new AttributeCursor());
    int id = Netnsa.NETNSA_NSID_NOT_ASSIGNED;
    while (a.next()) {
      if (a.type() == Netnsa.NETNSA_NSID) {
        id = a.u32("NETNSA_NSID");
      }
    }
    return id;
  }

  /** {@code RTM_GETNSID} for the namespace open as {@code fd}. */
  record GetId(int fd, String label) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_GETNSID;
    }

    @Override
    public int flags() {
      return 0;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      w.int32(Rtm.AF_UNSPEC); // struct rtgenmsg, padded
      w.u32(Netnsa.NETNSA_FD, fd);
    }

    @Override
    public String describe() {
      return "get the id of " + label;
    }
  }

  /** {@code RTM_NEWNSID}: id {@code id} (-1: the kernel's choice) for the namespace open as {@code fd}. */
  record NewId(int fd, int id, String label) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_NEWNSID;
    }

    @Override
    public int flags() {
      return 0; // the channel asks for the acknowledgement
    }

    @Override
    public void encodeBody(MessageWriter w) {
      w.int32(Rtm.AF_UNSPEC);
      w.u32(Netnsa.NETNSA_FD, fd);
      w.u32(Netnsa.NETNSA_NSID, id);
    }

    @Override
    public String describe() {
      return id < 0 ? "assign an id to " + label : "assign id " + id + " to " + label;
    }
  }
}
