package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.proto.Request;
import dev.rtnl4j.proto.DumpResult;
import java.util.List;
import java.util.Objects;

/**
 * IPv4 and IPv6 addresses of one network namespace: add, replace, delete, list. The
 * {@code ...Request} factories return the requests as values for batches and pipelines.
 *
 * <p>Throws {@link dev.rtnl4j.proto.KernelException} when the kernel refuses (EEXIST for an
 * address already there, EADDRNOTAVAIL for deleting one that is not...), and
 * {@link IllegalArgumentException} for bad input (checked in {@link AddressSpec}).
 */
public final class Addresses {
  private final NetlinkChannel channel;

  Addresses(NetlinkChannel channel) {
    this.channel = channel;
  }

  /** {@code RTM_NEWADDR} with {@code NLM_F_CREATE | NLM_F_EXCL}. */
  public static Request addRequest(AddressSpec spec) {
    return new Change(Objects.requireNonNull(spec), ChangeOp.ADD);
  }

  /** {@code RTM_NEWADDR} with {@code NLM_F_CREATE | NLM_F_REPLACE}. */
  public static Request replaceRequest(AddressSpec spec) {
    return new Change(Objects.requireNonNull(spec), ChangeOp.REPLACE);
  }

  /** {@code RTM_DELADDR}. */
  public static Request deleteRequest(AddressSpec spec) {
    return new Change(Objects.requireNonNull(spec), ChangeOp.DELETE);
  }

  record Change(AddressSpec spec, ChangeOp op) implements Request {
    @Override
    public int type() {
      return op == ChangeOp.DELETE ? Rtm.RTM_DELADDR : Rtm.RTM_NEWADDR;
    }

    @Override
    public int flags() {
      return op.flags;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      AddressCodec.encode(w, spec, op == ChangeOp.DELETE);
    }

    @Override
    public String describe() {
      String verb = switch (op) {
        case ADD -> "add address ";
        case REPLACE -> "replace address ";
        case DELETE -> "delete address ";
      };
      return verb + spec.text() + (op == ChangeOp.DELETE ? " from" : " to") + " link " + spec.linkIndex();
    }
  }

  record Dump(int family, int linkIndex) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_GETADDR;
    }

    @Override
    public int flags() {
      return 0;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      w.ifaddrmsg(family, 0, 0, 0, linkIndex);
    }

    @Override
    public String describe() {
      return "list " + (family == Rtm.AF_UNSPEC ? "" : Inet.familyName(family) + " ") + "addresses"
          + (linkIndex > 0 ? " of link " + linkIndex : "");
    }
  }

  /** Adds an address; EEXIST if it is there already. */
  public void add(AddressSpec spec) {
    channel.execute(addRequest(spec));
  }

  /** Adds an address or replaces the one with the same local address and prefix. */
  public void replace(AddressSpec spec) {
    channel.execute(replaceRequest(spec));
  }

  /** Deletes an address (matched by link, local address and prefix length). */
  public void delete(AddressSpec spec) {
    channel.execute(deleteRequest(spec));
  }

  /** Every IPv4 and IPv6 address. */
  public List<Address> list() {
    return list(Rtm.AF_UNSPEC, 0);
  }

  /**
   * Addresses of {@code family} ({@code AF_INET}, {@code AF_INET6}, {@code AF_UNSPEC} for both) on
   * link {@code linkIndex} (0 for all links), filtered by the kernel (strict dump checking).
   */
  public List<Address> list(int family, int linkIndex) {
    return dump(family, linkIndex).items();
  }

  /**
   * As {@link #list(int, int)}, with the dump's consistency flag: {@code interrupted()} is true when
   * the addresses kept changing during every attempt ({@code NLM_F_DUMP_INTR}), and the items are
   * then those of the last attempt.
   */
  public DumpResult<Address> dump(int family, int linkIndex) {
    if (family != Rtm.AF_UNSPEC && family != Rtm.AF_INET && family != Rtm.AF_INET6) {
      throw new IllegalArgumentException("address family " + family + " is not AF_UNSPEC, AF_INET or AF_INET6");
    }
    if (linkIndex < 0) {
      throw new IllegalArgumentException("link index " + linkIndex + " is negative");
    }
    DumpResult<Address> r = channel.dump(new Dump(family, linkIndex), AddressCodec::decode);
    List<Address> kept = r.items().stream().filter(a -> linkIndex == 0 || a.linkIndex() == linkIndex).toList();
    return new DumpResult<>(kept, r.interrupted(), r.attempts());
  }
}
