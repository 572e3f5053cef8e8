package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.DumpResult;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.proto.Request;
import java.util.List;
import java.util.Objects;

/**
 * Links of one network namespace: create, delete, get, list, change, alternative names. Every
 * operation is one request; names are resolved by the kernel in that request (no dump). The
 * {@code ...Request} factories return the same requests as values, to send several together in a
 * {@link NetlinkChannel#batch batch} or {@link NetlinkChannel#pipeline pipeline}.
 *
 * <p>Throws {@link dev.rtnl4j.proto.KernelException} when the kernel refuses (with the errno name,
 * the operation in words and the kernel's message), {@link IllegalArgumentException} for input
 * the kernel would refuse anyway (checked first).
 */
public final class Links {
  private final NetlinkChannel channel;

  Links(NetlinkChannel channel) {
    this.channel = channel;
  }

  // ---- requests as values ------------------------------------------------------------------

  /**
   * {@code RTM_NEWLINK} with {@code NLM_F_CREATE | NLM_F_EXCL} for {@code spec}. The kernel ignores
   * an alias in a create request: {@link #createRequests} adds the request that sets it.
   */
  public static Request createRequest(LinkSpec spec) {
    return new Create(Objects.requireNonNull(spec));
  }

  /** The requests that create {@code spec}: the create, then the alias if there is one (send them together). */
  public static List<Request> createRequests(LinkSpec spec) {
    if (spec.alias() == null) {
      return List.of(createRequest(spec));
    }
    if (spec.namespace() != null) {
      throw new IllegalArgumentException("the alias of " + spec.name() + ", created in netns " + spec.namespace().label()
          + ", must be set from that namespace: the kernel ignores an alias in a create request");
    }
    LinkRef ref = spec.index() > 0 ? LinkRef.index(spec.index()) : LinkRef.name(spec.name());
    return List.of(createRequest(spec), changeRequest(ref, LinkChange.none().alias(spec.alias())));
  }

  /** {@code RTM_DELLINK} for {@code link}. */
  public static Request deleteRequest(LinkRef link) {
    return new Delete(Objects.requireNonNull(link));
  }

  /** {@code RTM_NEWLINK} changing {@code link} as {@code change} says. */
  public static Request changeRequest(LinkRef link, LinkChange change) {
    if (change.name() != null && !(link instanceof LinkRef.ByIndex)) {
      throw new IllegalArgumentException("renaming " + link + " to " + change.name()
          + " needs the link's index: the kernel reads IFLA_IFNAME as the new name");
    }
    return new Change(Objects.requireNonNull(link), change);
  }

  /** Sets {@code link} up: {@code RTM_NEWLINK} with {@code IFF_UP} in flags and change mask. */
  public static Request upRequest(LinkRef link) {
    return changeRequest(link, LinkChange.none().up());
  }

  record Create(LinkSpec spec) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_NEWLINK;
    }

    @Override
    public int flags() {
      return Nl.NLM_F_CREATE | Nl.NLM_F_EXCL;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      LinkCodec.encodeCreate(w, spec);
    }

    @Override
    public String describe() {
      String d = spec.kind().details();
      return "create " + spec.kind().kindName() + " " + spec.name()
          + (spec.namespace() != null ? " in netns " + spec.namespace().label() : "")
          + (d.isEmpty() ? "" : " (" + d + ")");
    }
  }

  record Delete(LinkRef link) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_DELLINK;
    }

    @Override
    public int flags() {
      return 0;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      LinkCodec.encodeRef(w, link, 0, 0);
    }

    @Override
    public String describe() {
      return "delete " + link;
    }
  }

  record Change(LinkRef link, LinkChange change) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_NEWLINK;
    }

    @Override
    public int flags() {
      return 0;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      LinkCodec.encodeChange(w, link, change);
    }

    @Override
    public String describe() {
      return "set " + link + " " + change.describe();
    }
  }

  record Get(LinkRef link) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_GETLINK;
    }

    @Override
    public int flags() {
      return 0;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      LinkCodec.encodeRef(w, link, 0, 0);
      w.u32(Ifla.IFLA_EXT_MASK, Ifla.RTEXT_FILTER_SKIP_STATS);
    }

    @Override
    public String describe() {
      return "get " + link;
    }
  }

  record Dump(String kind, int master) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_GETLINK;
    }

    @Override
    public int flags() {
      return 0;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      w.ifinfomsg(Rtm.AF_UNSPEC, 0, 0, 0, 0);
      w.u32(Ifla.IFLA_EXT_MASK, Ifla.RTEXT_FILTER_SKIP_STATS);
      if (master > 0) {
        w.u32(Ifla.IFLA_MASTER, master);
      }
      if (kind != null) {
        int li = w.beginNested(Ifla.IFLA_LINKINFO);
        w.string(Ifla.IFLA_INFO_KIND, kind);
        w.endNested(li);
      }
    }

    @Override
    public String describe() {
      return "list links" + (kind != null ? " of kind " + kind : "") + (master > 0 ? " with master " + master : "");
    }
  }

  record AltName(LinkRef link, String altName, boolean add) implements Request {
    @Override
    public int type() {
      return add ? Rtm.RTM_NEWLINKPROP : Rtm.RTM_DELLINKPROP;
    }

    @Override
    public int flags() {
      return add ? Nl.NLM_F_CREATE | Nl.NLM_F_EXCL : 0;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      LinkCodec.encodeRef(w, link, 0, 0);
      int p = w.beginNested(Ifla.IFLA_PROP_LIST | Nl.NLA_F_NESTED);
      w.string(Ifla.IFLA_ALT_IFNAME, altName);
      w.endNested(p);
    }

    @Override
    public String describe() {
      return (add ? "add altname " : "delete altname ") + altName + (add ? " to " : " from ") + link;
    }
  }

  // ---- operations --------------------------------------------------------------------------

  /** Creates a link; returns nothing (the index is the requested one when {@code spec.index() > 0}). */
  public void create(LinkSpec spec) {
    List<Request> requests = createRequests(spec);
    if (requests.size() == 1) {
      channel.execute(requests.get(0));
    } else {
      channel.batch(requests).throwIfFailed();
    }
  }

  /**
   * Creates a link and returns it as the kernel made it: from the kernel's echo of the request
   * ({@code NLM_F_ECHO}, one round trip) where it sends one, else read back with a {@code GET}. A
   * veth's {@link Link#linkIndex()} is then its peer's index, in the peer's namespace.
   */
  public Link createAndGet(LinkSpec spec) {
    List<Request> requests = createRequests(spec);
    // the echo goes to the requesting port id in the link's namespace: only ours when that is this one
    if (requests.size() == 1 && spec.namespace() == null) {
      Link echoed = channel.executeEchoed(requests.get(0), LinkCodec::decode);
      if (echoed != null) {
        return echoed;
      }
    } else {
      create(spec);
    }
    return get(spec.index() > 0 ? LinkRef.index(spec.index()) : LinkRef.name(spec.name()));
  }

  /** Deletes {@code link} (for a veth, both ends go). */
  public void delete(LinkRef link) {
    channel.execute(deleteRequest(link));
  }

  /** Applies {@code change} to {@code link}. */
  public void change(LinkRef link, LinkChange change) {
    channel.execute(changeRequest(link, change));
  }

  /** Sets {@code link} up. */
  public void setUp(LinkRef link) {
    change(link, LinkChange.none().up());
  }

  /** Sets {@code link} down. */
  public void setDown(LinkRef link) {
    change(link, LinkChange.none().down());
  }

  /** Adds alternative name {@code altName} to {@code link} ({@code RTM_NEWLINKPROP}). */
  public void addAltName(LinkRef link, String altName) {
    channel.execute(new AltName(link, Validate.altName(altName), true));
  }

  /** Removes alternative name {@code altName} from {@code link} ({@code RTM_DELLINKPROP}). */
  public void deleteAltName(LinkRef link, String altName) {
    channel.execute(new AltName(link, Validate.altName(altName), false));
  }

  /**
   * The link {@code link} names, by a {@code RTM_GETLINK} for its index, name or alternative name.
   *
   * @throws dev.rtnl4j.proto.KernelException ENODEV when there is no such link
   */
  public Link get(LinkRef link) {
    return channel.get(new Get(link), LinkCodec::decode);
  }

  /** Every link of the namespace. */
  public List<Link> list() {
    return listFiltered(null, 0).items();
  }

  /** Links of kind {@code kind} ({@code "veth"}), filtered by the kernel ({@code IFLA_INFO_KIND} in the dump request). */
  public List<Link> listByKind(String kind) {
    return listFiltered(Objects.requireNonNull(kind), 0).items();
  }

  /** Links enslaved to {@code masterIndex}, filtered by the kernel ({@code IFLA_MASTER} in the dump request). */
  public List<Link> listByMaster(int masterIndex) {
    return listFiltered(null, Validate.index(masterIndex, "master")).items();
  }

  /**
   * Links, filtered by kind and/or master when given (null / 0: no filter), with the dump's
   * consistency flag. The kernel filters; the result is checked again here (a kernel that does
   * not know the kind does not filter).
   */
  public DumpResult<Link> listFiltered(String kind, int masterIndex) {
    DumpResult<Link> r = channel.dump(new Dump(kind, masterIndex), LinkCodec::decode);
    if (kind == null && masterIndex <= 0) {
      return r;
    }
    List<Link> kept = r.items().stream()
        .filter(l -> kind == null || kind.equals(l.kindName()))
        .filter(l -> masterIndex <= 0 || l.master() == masterIndex)
        .toList();
    return new DumpResult<>(kept, r.interrupted(), r.attempts());
  }
}
