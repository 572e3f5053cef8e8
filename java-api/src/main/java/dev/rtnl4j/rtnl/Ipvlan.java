package dev.rtnl4j.rtnl;

import static dev.rtnl4j.codec.IflaInfoData.IFLA_IPVLAN_FLAGS;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_IPVLAN_MODE;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.IflaInfoData;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.RawAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An IP-VLAN ({@code ipvlan}): links sharing the lower link's MAC address, told apart by IP
 * address. Create one with {@link #on(int, Mode)}. The kernel must have the ipvlan driver (this
 * machine's does not; Debian's has it as a module).
 *
 * <p>Mode and isolation are the lower link's, not each ipvlan's: the kernel keeps them in the
 * port all ipvlans of a lower link share, and creating one sets them for all of them.
 *
 * @param parent    the lower link's index ({@code IFLA_LINK}); 0 on links read from the kernel,
 *                  where the lower link is {@link Link#linkIndex()}
 * @param mode      {@code IFLA_IPVLAN_MODE}: L2, L3 or L3S
 * @param isolation {@code IFLA_IPVLAN_FLAGS}: bridge (default), private or vepa
 */
public record Ipvlan(int parent, Mode mode, Isolation isolation) implements LinkKind.Extension {

  /** {@code IPVLAN_MODE_*}. */
  public enum Mode {
    /** Layer 2: the lower link's MAC, switching by IP. */
    L2(IflaInfoData.IPVLAN_MODE_L2),
    /** Layer 3: routed, no broadcast / multicast. */
    L3(IflaInfoData.IPVLAN_MODE_L3),
    /** Layer 3 with netfilter hooks (symmetric). */
    L3S(IflaInfoData.IPVLAN_MODE_L3S);

    private final int value;

    Mode(int value) {
      this.value = value;
    }

    /** The kernel's value. */
    public int value() {
      return value;
    }

    static Mode of(int v) {
      return LowerLink.byValue(values(), Mode::value, v);
    }
  }

  /** {@code IPVLAN_F_*}: how slaves of the same lower link reach each other. */
  public enum Isolation {
    /** Directly (no flag). */
    BRIDGE(0),
    /** Not at all ({@code IPVLAN_F_PRIVATE}). */
    PRIVATE(IflaInfoData.IPVLAN_F_PRIVATE),
    /** Through the external switch ({@code IPVLAN_F_VEPA}). */
    VEPA(IflaInfoData.IPVLAN_F_VEPA);

    private final int value;

    Isolation(int value) {
      this.value = value;
    }

    /** The kernel's flag value. */
    public int value() {
      return value;
    }

    static Isolation of(int flags) {
      if ((flags & IflaInfoData.IPVLAN_F_PRIVATE) != 0) {
        return PRIVATE;
      }
      return (flags & IflaInfoData.IPVLAN_F_VEPA) != 0 ? VEPA : BRIDGE;
    }
  }

  /** Checks the values. */
  public Ipvlan {
    LowerLink.check(parent, "ipvlan");
    Objects.requireNonNull(mode, "ipvlan mode");
    Objects.requireNonNull(isolation, "ipvlan isolation");
  }

  /** An ipvlan on lower link {@code parentIndex} in {@code mode}, bridge isolation. */
  public static Ipvlan on(int parentIndex, Mode mode) {
    Validate.index(parentIndex, "ipvlan lower link");
    return new Ipvlan(parentIndex, mode, Isolation.BRIDGE);
  }

  /** The same with {@code isolation}. */
  public Ipvlan with(Isolation isolation) {
    return new Ipvlan(parent, mode, isolation);
  }

  @Override
  public String kindName() {
    return "ipvlan";
  }

  @Override
  public void encodeLinkAttributes(MessageWriter w) {
    LowerLink.encode(w, parent);
  }

  @Override
  public void encodeData(MessageWriter w) {
    w.u16(IFLA_IPVLAN_MODE, mode.value());
    // always sent: the flags belong to the lower link's port, and an earlier ipvlan's stay otherwise
    w.u16(IFLA_IPVLAN_FLAGS, isolation.value());
  }

  @Override
  public String details() {
    return "mode " + mode.name().toLowerCase(java.util.Locale.ROOT) + " " + isolation.name().toLowerCase(java.util.Locale.ROOT)
        + LowerLink.describe(parent);
  }

  /**
   * Reads the settings from the attributes of {@code IFLA_INFO_DATA}; a mode this library does not
   * know gives an {@link UnknownKind} with the attributes as bytes.
   */
  static LinkKind decode(AttributeCursor data) {
    Mode mode = Mode.L3;
    int flags = 0;
    List<RawAttribute> raw = new ArrayList<>();
    boolean understood = true;
    while (data.next()) {
      raw.add(data.raw());
      try {
        switch (data.type()) {
          case IFLA_IPVLAN_MODE -> mode = Mode.of(data.u16("IFLA_IPVLAN_MODE"));
          case IFLA_IPVLAN_FLAGS -> flags = data.u16("IFLA_IPVLAN_FLAGS");
          default -> { }
        }
      } catch (MalformedMessageException e) {
        understood = false; // kept as bytes
      }
    }
    if (!understood || mode == null) {
      return new UnknownKind("ipvlan", raw);
    }
    return new Ipvlan(0, mode, Isolation.of(flags));
  }
}
