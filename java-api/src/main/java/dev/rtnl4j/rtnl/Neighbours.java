package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.proto.Request;
import dev.rtnl4j.proto.DumpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The neighbour tables (ARP for IPv4, NDP for IPv6) of one network namespace: add, replace,
 * delete, list, as {@code ip neigh} does. The {@code ...Request} factories return the requests as
 * values for batches and pipelines.
 *
 * <p>Throws {@link dev.rtnl4j.proto.KernelException} when the kernel refuses (EEXIST for an entry
 * that exists, ENOENT for deleting one that does not, ENODEV for an unknown link...), and
 * {@link IllegalArgumentException} for bad input (checked in {@link NeighbourSpec}).
 */
public final class Neighbours {
  private final NetlinkChannel channel;

  /** The neighbour tables of the namespace of {@code channel}'s socket; the channel stays the caller's. */
  Neighbours(NetlinkChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
  }

  /** {@code RTM_NEWNEIGH} with {@code NLM_F_CREATE | NLM_F_EXCL}. */
  public static Request addRequest(NeighbourSpec spec) {
    return new Change(Objects.requireNonNull(spec, "spec"), ChangeOp.ADD);
  }

  /** {@code RTM_NEWNEIGH} with {@code NLM_F_CREATE | NLM_F_REPLACE}. */
  public static Request replaceRequest(NeighbourSpec spec) {
    return new Change(Objects.requireNonNull(spec, "spec"), ChangeOp.REPLACE);
  }

  /** {@code RTM_DELNEIGH} (matched by link and destination). */
  public static Request deleteRequest(NeighbourSpec spec) {
    return new Change(Objects.requireNonNull(spec, "spec"), ChangeOp.DELETE);
  }

  record Change(NeighbourSpec spec, ChangeOp op) implements Request {
    @Override
    public int type() {
      return op == ChangeOp.DELETE ? Rtm.RTM_DELNEIGH : Rtm.RTM_NEWNEIGH;
    }

    @Override
    public int flags() {
      return op.flags;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      NeighbourCodec.encode(w, spec, op == ChangeOp.DELETE);
    }

    @Override
    public String describe() {
      return switch (op) {
        case ADD -> "add neighbour " + spec.text() + " (" + spec.state() + ")";
        case REPLACE -> "replace neighbour " + spec.text() + " (" + spec.state() + ")";
        case DELETE -> "delete neighbour " + (spec.proxy() ? "proxy " : "") + spec.destination().getHostAddress()
            + " on link " + spec.linkIndex();
      };
    }
  }

  record Dump(int family, int linkIndex, boolean proxies) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_GETNEIGH;
    }

    @Override
    public int flags() {
      return 0;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      NeighbourCodec.encodeDump(w, family, linkIndex, proxies);
    }

    @Override
    public String describe() {
      return "list " + (family == Rtm.AF_UNSPEC ? "" : Inet.familyName(family) + " ") + (proxies ? "proxy " : "")
          + "neighbours" + (linkIndex > 0 ? " of link " + linkIndex : "");
    }
  }

  /** Adds an entry; EEXIST if there is one for that address on that link. */
  public void add(NeighbourSpec spec) {
    channel.execute(addRequest(spec));
  }

  /** Adds an entry or replaces the one for that address on that link. */
  public void replace(NeighbourSpec spec) {
    channel.execute(replaceRequest(spec));
  }

  /** Deletes the entry for {@code spec}'s address on its link (its hardware address and state are ignored). */
  public void delete(NeighbourSpec spec) {
    channel.execute(deleteRequest(spec));
  }

  /** Every IPv4 and IPv6 neighbour entry (not proxies). */
  public List<Neighbour> list() {
    return list(Rtm.AF_UNSPEC, 0);
  }

  /**
   * The entries of {@code family} ({@code AF_INET}, {@code AF_INET6}, or {@code AF_UNSPEC} for
   * both) on link {@code linkIndex} (0 for all links), filtered by the kernel.
   */
  public List<Neighbour> list(int family, int linkIndex) {
    return dump(family, linkIndex).items();
  }

  /**
   * As {@link #list(int, int)}, with the dump's consistency flag: {@code interrupted()} is true when
   * the entries kept changing during every attempt ({@code NLM_F_DUMP_INTR}), and the items are
   * then those of the last attempt.
   */
  public DumpResult<Neighbour> dump(int family, int linkIndex) {
    return dump(family, linkIndex, false);
  }

  /** The proxy entries of {@code family} ({@code AF_UNSPEC} for both). */
  public List<Neighbour> listProxies(int family) {
    return dump(family, 0, true).items();
  }

  private DumpResult<Neighbour> dump(int family, int linkIndex, boolean proxies) {
    if (family != Rtm.AF_UNSPEC && family != Rtm.AF_INET && family != Rtm.AF_INET6) {
      throw new IllegalArgumentException("address family " + family + " is not AF_UNSPEC, AF_INET or AF_INET6");
    }
    if (linkIndex < 0) {
      throw new IllegalArgumentException("link index " + linkIndex + " is negative");
    }
    List<Neighbour> out = new ArrayList<>();
    DumpResult<Neighbour> r = channel.dump(new Dump(family, linkIndex, proxies), NeighbourCodec::decode);
    for (Neighbour n : r.items()) {
      if ((n.family() == Rtm.AF_INET || n.family() == Rtm.AF_INET6)
          && (linkIndex == 0 || n.linkIndex() == linkIndex)) {
        out.add(n);
      }
    }
    return new DumpResult<>(List.copyOf(out), r.interrupted(), r.attempts());
  }
}
