package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Rta;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.proto.Request;
import java.net.InetAddress;
import dev.rtnl4j.proto.DumpResult;
import java.util.List;
import java.util.Objects;

/**
 * IPv4 and IPv6 routes of one network namespace: add, replace, delete, look up ({@code RTM_GETROUTE}
 * for one destination), list. The {@code ...Request} factories return the requests as values for
 * batches and pipelines.
 *
 * <p>Throws {@link dev.rtnl4j.proto.KernelException} when the kernel refuses (EEXIST, ENETUNREACH,
 * ENETDOWN for a route through a link that is down, ESRCH for deleting a route that is not there),
 * {@link IllegalArgumentException} for bad input (checked in {@link RouteSpec}).
 */
public final class Routes {
  private final NetlinkChannel channel;

  Routes(NetlinkChannel channel) {
    this.channel = channel;
  }

  /** {@code RTM_NEWROUTE} with {@code NLM_F_CREATE | NLM_F_EXCL}. */
  public static Request addRequest(RouteSpec spec) {
    return new Change(Objects.requireNonNull(spec), ChangeOp.ADD);
  }

  /** {@code RTM_NEWROUTE} with {@code NLM_F_CREATE | NLM_F_REPLACE}. */
  public static Request replaceRequest(RouteSpec spec) {
    return new Change(Objects.requireNonNull(spec), ChangeOp.REPLACE);
  }

  /** {@code RTM_DELROUTE}. */
  public static Request deleteRequest(RouteSpec spec) {
    return new Change(Objects.requireNonNull(spec), ChangeOp.DELETE);
  }

  record Change(RouteSpec spec, ChangeOp op) implements Request {
    @Override
    public int type() {
      return op == ChangeOp.DELETE ? Rtm.RTM_DELROUTE : Rtm.RTM_NEWROUTE;
    }

    @Override
    public int flags() {
      return op.flags;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      RouteCodec.encode(w, spec, op == ChangeOp.DELETE);
    }

    @Override
    public String describe() {
      StringBuilder b = new StringBuilder();
      b.append(switch (op) {
        case ADD -> "add route ";
        case REPLACE -> "replace route ";
        case DELETE -> "delete route ";
      });
      if (spec.type() != RouteType.UNICAST) {
        b.append(spec.type().name().toLowerCase()).append(' ');
      }
      b.append(spec.destinationText());
      if (spec.gateway() != null) {
        b.append(" via ").append(spec.gateway().getHostAddress());
      }
      if (spec.outputLink() != 0) {
        b.append(" dev ").append(spec.outputLink());
      }
      if (spec.table() != Rtm.RT_TABLE_MAIN) {
        b.append(" table ").append(spec.table());
      }
      return b.toString();
    }
  }

  record Lookup(InetAddress destination, int outputLink, InetAddress source) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_GETROUTE;
    }

    @Override
    public int flags() {
      return 0;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      int family = Inet.family(destination);
      int bits = Inet.bits(family);
      w.rtmsg(family, bits, source != null ? bits : 0, 0, 0, 0, 0, 0, 0);
      w.bytes(Rta.RTA_DST, destination.getAddress());
      if (source != null) {
        w.bytes(Rta.RTA_SRC, source.getAddress());
      }
      if (outputLink != 0) {
        w.u32(Rta.RTA_OIF, outputLink);
      }
    }

    @Override
    public String describe() {
      return "look up route to " + destination.getHostAddress();
    }
  }

  record Dump(int family, int table) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_GETROUTE;
    }

    @Override
    public int flags() {
      return 0;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      w.rtmsg(family, 0, 0, 0, table > 0 && table < 256 ? table : 0, 0, 0, 0, 0);
      if (table >= 256) {
        w.u32(Rta.RTA_TABLE, table);
      }
    }

    @Override
    public String describe() {
      return "list " + (family == Rtm.AF_UNSPEC ? "" : Inet.familyName(family) + " ") + "routes"
          + (table > 0 ? " of table " + table : "");
    }
  }

  /** Adds a route; EEXIST if an equal one exists. */
  public void add(RouteSpec spec) {
    channel.execute(addRequest(spec));
  }

  /** Adds a route or replaces the one with the same destination, table, tos and metric. */
  public void replace(RouteSpec spec) {
    channel.execute(replaceRequest(spec));
  }

  /** Deletes a route. */
  public void delete(RouteSpec spec) {
    channel.execute(deleteRequest(spec));
  }

  /** The route the kernel would use to reach {@code destination}. */
  public Route lookup(InetAddress destination) {
    return lookup(destination, 0, null);
  }

  /** The route to {@code destination}, out of {@code outputLink} (0: any), from {@code source} (null: any). */
  public Route lookup(InetAddress destination, int outputLink, InetAddress source) {
    Objects.requireNonNull(destination, "destination");
    Validate.sameFamily(destination, source, "source");
    if (outputLink < 0) {
      throw new IllegalArgumentException("output link index " + outputLink + " is negative");
    }
    return channel.get(new Lookup(destination, outputLink, source), RouteCodec::decode);
  }

  /** Routes of the main table, IPv4 and IPv6 (what {@code ip route} and {@code ip -6 route} show). */
  public List<Route> list() {
    return list(Rtm.AF_UNSPEC, Rtm.RT_TABLE_MAIN);
  }

  /**
   * Routes of {@code family} ({@code AF_UNSPEC} for both) in {@code table} (0 for every table),
   * filtered by the kernel (strict dump checking) and checked again here.
   */
  public List<Route> list(int family, int table) {
    return dump(family, table).items();
  }

  /**
   * As {@link #list(int, int)}, with the dump's consistency flag: {@code interrupted()} is true when
   * the routes kept changing during every attempt ({@code NLM_F_DUMP_INTR}), and the items are
   * then those of the last attempt.
   */
  public DumpResult<Route> dump(int family, int table) {
    if (family != Rtm.AF_UNSPEC && family != Rtm.AF_INET && family != Rtm.AF_INET6) {
      throw new IllegalArgumentException("route family " + family + " is not AF_UNSPEC, AF_INET or AF_INET6");
    }
    if (table < 0) {
      throw new IllegalArgumentException("routing table " + table + " is negative");
    }
    DumpResult<Route> r = channel.dump(new Dump(family, table), RouteCodec::decode);
    List<Route> kept = r.items().stream().filter(route -> table == 0 || route.table() == table).toList();
    return new DumpResult<>(kept, r.interrupted(), r.attempts());
  }
}
