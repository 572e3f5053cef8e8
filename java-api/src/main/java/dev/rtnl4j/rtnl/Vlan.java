package dev.rtnl4j.rtnl;

import static dev.rtnl4j.codec.IflaInfoData.IFLA_VLAN_FLAGS;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_VLAN_ID;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_VLAN_PROTOCOL;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.IflaInfoData;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.RawAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An 802.1Q / 802.1ad VLAN ({@code vlan}) on a lower link. Create one with {@link #on(int, int)}.
 * The kernel must have the 8021q driver (this machine's does not; Debian's has it as a module).
 *
 * @param parent   the lower link's index ({@code IFLA_LINK}); 0 on links read from the kernel,
 *                 where the lower link is {@link Link#linkIndex()}
 * @param id       the VLAN id, 0..4095 ({@code IFLA_VLAN_ID})
 * @param protocol the tag protocol ({@code IFLA_VLAN_PROTOCOL})
 * @param flags    {@code VLAN_FLAG_*} ({@code IFLA_VLAN_FLAGS}); null: the kernel's default
 *                 (reorder_hdr on) when creating
 */
public record Vlan(int parent, int id, Protocol protocol, Integer flags) implements LinkKind.Extension {

  /** Every {@code VLAN_FLAG_*} the kernel knows: the mask of a flags request. */
  static final int KNOWN_FLAGS = IflaInfoData.VLAN_FLAG_REORDER_HDR | IflaInfoData.VLAN_FLAG_GVRP
      | IflaInfoData.VLAN_FLAG_LOOSE_BINDING | IflaInfoData.VLAN_FLAG_MVRP | IflaInfoData.VLAN_FLAG_BRIDGE_BINDING;

  /** VLAN tag protocols. */
  public enum Protocol {
    /** 802.1Q, ethertype 0x8100 (the default). */
    IEEE_802_1Q(IflaInfoData.ETH_P_8021Q),
    /** 802.1ad (QinQ service tag), ethertype 0x88a8. */
    IEEE_802_1AD(IflaInfoData.ETH_P_8021AD);

    private final int ethertype;

    Protocol(int ethertype) {
      this.ethertype = ethertype;
    }

    /** The ethertype. */
    public int ethertype() {
      return ethertype;
    }

    static Protocol of(int ethertype) {
      return LowerLink.byValue(values(), Protocol::ethertype, ethertype);
    }
  }

  /** Checks the values. */
  public Vlan {
    LowerLink.check(parent, "vlan");
    if (id < 0 || id > 4095) {
      throw new IllegalArgumentException("VLAN id " + id + " is outside 0..4095");
    }
    Objects.requireNonNull(protocol, "VLAN protocol");
    if (flags != null && (flags & ~KNOWN_FLAGS) != 0) {
      throw new IllegalArgumentException("VLAN flags 0x" + Integer.toHexString(flags) + " have bits the kernel does not know (known: 0x"
          + Integer.toHexString(KNOWN_FLAGS) + ")");
    }
  }

  /** VLAN {@code id} (802.1Q) on lower link {@code parentIndex}. */
  public static Vlan on(int parentIndex, int id) {
    Validate.index(parentIndex, "vlan lower link");
    return new Vlan(parentIndex, id, Protocol.IEEE_802_1Q, null);
  }

  /** The same with tag protocol {@code p}. */
  public Vlan with(Protocol p) {
    return new Vlan(parent, id, p, flags);
  }

  /** The same with {@code VLAN_FLAG_*} bits {@code f} (all other flags off). */
  public Vlan withFlags(int f) {
    return new Vlan(parent, id, protocol, f);
  }

  @Override
  public String kindName() {
    return "vlan";
  }

  @Override
  public void encodeLinkAttributes(MessageWriter w) {
    LowerLink.encode(w, parent);
  }

  @Override
  public void encodeData(MessageWriter w) {
    w.u16(IFLA_VLAN_ID, id);
    w.be16(IFLA_VLAN_PROTOCOL, protocol.ethertype());
    if (flags != null) {
      int p = w.beginNested(IFLA_VLAN_FLAGS); // struct ifla_vlan_flags { flags; mask; }
      w.int32(flags).int32(KNOWN_FLAGS); // the kernel refuses (EINVAL) a mask with any other bit
      w.endNested(p);
    }
  }

  @Override
  public String details() {
    return "id " + id + (protocol != Protocol.IEEE_802_1Q ? " protocol 802.1ad" : "") + LowerLink.describe(parent);
  }

  /**
   * Reads the settings from the attributes of {@code IFLA_INFO_DATA}; a protocol or flags this
   * library does not know give an {@link UnknownKind} with the attributes as bytes.
   */
  static LinkKind decode(AttributeCursor data) {
    int id = 0;
    Protocol protocol = Protocol.IEEE_802_1Q;
    Integer flags = null;
    List<RawAttribute> raw = new ArrayList<>();
    boolean understood = true;
    while (data.next()) {
      raw.add(data.raw());
      try {
        switch (data.type()) {
          case IFLA_VLAN_ID -> id = data.u16("IFLA_VLAN_ID");
          case IFLA_VLAN_PROTOCOL -> protocol = Protocol.of(data.be16("IFLA_VLAN_PROTOCOL"));
          case IFLA_VLAN_FLAGS -> {
            byte[] b = data.bytes(8, "IFLA_VLAN_FLAGS");
            flags = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
          }
          default -> { }
        }
      } catch (MalformedMessageException e) {
        understood = false; // kept as bytes
      }
    }
    if (!understood || protocol == null || (flags != null && (flags & ~KNOWN_FLAGS) != 0)) {
      return new UnknownKind("vlan", raw);
    }
    return new Vlan(0, id, protocol, flags);
  }
}
