package dev.rtnl4j.rtnl;

import static dev.rtnl4j.codec.IflaInfoData.IFLA_MACVLAN_FLAGS;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_MACVLAN_MACADDR;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_MACVLAN_MACADDR_DATA;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_MACVLAN_MACADDR_MODE;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_MACVLAN_MODE;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.IflaInfoData;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.RawAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A MAC-VLAN ({@code macvlan}): a link with its own MAC address on top of a lower Ethernet link.
 * Create one with {@link #on(int, Mode)} (or {@link #source(int, List)} for source mode), e.g.
 * directly inside a container's namespace with {@link LinkSpec.Builder#namespace}.
 *
 * @param parent     the lower link's index ({@code IFLA_LINK}); 0 on links read from the kernel,
 *                   where the lower link is {@link Link#linkIndex()}
 * @param mode       how macvlans of the same lower link reach each other ({@code IFLA_MACVLAN_MODE})
 * @param sources    source mode only: the MAC addresses whose frames the link receives
 *                   ({@code IFLA_MACVLAN_MACADDR_DATA}); read back in the kernel's (hash) order,
 *                   not the order given
 * @param noPromisc  {@code MACVLAN_FLAG_NOPROMISC} (passthru mode: do not set the lower link promiscuous)
 */
public record Macvlan(int parent, Mode mode, List<MacAddress> sources, boolean noPromisc) implements LinkKind.Extension {

  /** The macvlan modes ({@code MACVLAN_MODE_*}). */
  public enum Mode {
    /** No traffic between macvlans of the same lower link. */
    PRIVATE(IflaInfoData.MACVLAN_MODE_PRIVATE),
    /** Traffic between macvlans goes out to the switch (which must hairpin it). */
    VEPA(IflaInfoData.MACVLAN_MODE_VEPA),
    /** Macvlans of the same lower link talk directly. */
    BRIDGE(IflaInfoData.MACVLAN_MODE_BRIDGE),
    /** One macvlan takes over the lower link. */
    PASSTHRU(IflaInfoData.MACVLAN_MODE_PASSTHRU),
    /** Receives only frames from the listed source MAC addresses. */
    SOURCE(IflaInfoData.MACVLAN_MODE_SOURCE);

    private final int value;

    Mode(int value) {
      this.value = value;
    }

    /** The kernel's value. */
    public int value() {
      return value;
    }

    /** The mode of kernel value {@code v}, or null for one this library does not know. */
    public static Mode of(int v) {
      return LowerLink.byValue(values(), Mode::value, v);
    }
  }

  /** Checks the values. */
  public Macvlan {
    LowerLink.check(parent, "macvlan");
    Objects.requireNonNull(mode, "macvlan mode");
    sources = List.copyOf(sources);
    if (!sources.isEmpty() && mode != Mode.SOURCE) {
      throw new IllegalArgumentException("macvlan source addresses " + sources + " need mode SOURCE, not " + mode);
    }
    for (MacAddress m : sources) {
      if (m.length() != 6) {
        throw new IllegalArgumentException("macvlan source address " + m + " is not 6 bytes");
      }
    }
    if (noPromisc && mode != Mode.PASSTHRU) {
      throw new IllegalArgumentException("macvlan nopromisc is for mode PASSTHRU, not " + mode);
    }
  }

  /** A macvlan on lower link {@code parentIndex} in {@code mode}. */
  public static Macvlan on(int parentIndex, Mode mode) {
    Validate.index(parentIndex, "macvlan lower link");
    return new Macvlan(parentIndex, mode, List.of(), false);
  }

  /** A source-mode macvlan on {@code parentIndex} receiving frames from {@code sources}. */
  public static Macvlan source(int parentIndex, List<MacAddress> sources) {
    Validate.index(parentIndex, "macvlan lower link");
    return new Macvlan(parentIndex, Mode.SOURCE, sources, false);
  }

  /** The same, with {@code MACVLAN_FLAG_NOPROMISC} (passthru mode only). */
  public Macvlan withNoPromisc() {
    return new Macvlan(parent, mode, sources, true);
  }

  @Override
  public String kindName() {
    return "macvlan";
  }

  @Override
  public void encodeLinkAttributes(MessageWriter w) {
    LowerLink.encode(w, parent);
  }

  @Override
  public void encodeData(MessageWriter w) {
    w.u32(IFLA_MACVLAN_MODE, mode.value());
    if (noPromisc) {
      w.u16(IFLA_MACVLAN_FLAGS, IflaInfoData.MACVLAN_FLAG_NOPROMISC);
    }
    if (!sources.isEmpty()) {
      w.u32(IFLA_MACVLAN_MACADDR_MODE, IflaInfoData.MACVLAN_MACADDR_SET);
      int list = w.beginNested(IFLA_MACVLAN_MACADDR_DATA);
      for (MacAddress m : sources) {
        w.bytes(IFLA_MACVLAN_MACADDR, m.bytesNoCopy());
      }
      w.endNested(list);
    }
  }

  @Override
  public String details() {
    return "mode " + mode.name().toLowerCase(java.util.Locale.ROOT) + LowerLink.describe(parent)
        + (sources.isEmpty() ? "" : " sources " + sources);
  }

  /**
   * Reads the settings from the attributes of {@code IFLA_INFO_DATA}; a mode this library does not
   * know gives an {@link UnknownKind} with the attributes as bytes.
   */
  static LinkKind decode(AttributeCursor data) {
    Mode mode = Mode.VEPA; // the kernel's default
    int flags = 0;
    List<MacAddress> sources = new ArrayList<>();
    List<RawAttribute> raw = new ArrayList<>();
    boolean understood = true;
    while (data.next()) {
      raw.add(data.raw());
      try {
        switch (data.type()) {
          case IFLA_MACVLAN_MODE -> {
            mode = Mode.of(data.u32("IFLA_MACVLAN_MODE"));
          }
          case IFLA_MACVLAN_FLAGS -> flags = data.u16("IFLA_MACVLAN_FLAGS");
          case IFLA_MACVLAN_MACADDR_DATA -> {
            AttributeCursor list = data.nested();
            while (list.next()) {
              if (list.type() == IFLA_MACVLAN_MACADDR) {
                sources.add(MacAddress.of(list.bytes(6, "IFLA_MACVLAN_MACADDR")));
              }
            }
          }
          default -> { }
        }
      } catch (MalformedMessageException e) {
        understood = false; // kept as bytes
      }
    }
    if (!understood || mode == null) {
      return new UnknownKind("macvlan", raw);
    }
    return new Macvlan(0, mode, mode == Mode.SOURCE ? sources : List.of(),
        mode == Mode.PASSTHRU && (flags & IflaInfoData.MACVLAN_FLAG_NOPROMISC) != 0);
  }
}
