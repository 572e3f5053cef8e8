package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.RawAttribute;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes {@code IFLA_INFO_KIND} + {@code IFLA_INFO_DATA} into the record of the kind. A new kind
 * adds one case here.
 */
final class LinkKinds {
  private LinkKinds() {}

  /** The kind {@code name} with its data at {@code data} (null when the link has none). */
  static LinkKind decode(String name, AttributeCursor data) {
    return switch (name) {
      case "veth" -> new Veth(null);
      case "bridge" -> data == null ? Bridge.defaults() : Bridge.decode(data);
      case "macvlan" -> data == null ? new Macvlan(0, Macvlan.Mode.VEPA, List.of(), false) : Macvlan.decode(data);
      case "ipvlan" -> data == null ? new Ipvlan(0, Ipvlan.Mode.L3, Ipvlan.Isolation.BRIDGE) : Ipvlan.decode(data);
      case "vlan" -> data == null ? new UnknownKind(name, List.of()) : Vlan.decode(data);
      case "vxlan" -> data == null ? Vxlan.of(0) : Vxlan.decode(data);
      case "dummy" -> new Dummy();
      case "tun" -> Tun.decode(data);
      default -> new UnknownKind(name, raw(data));
    };
  }

  static List<RawAttribute> raw(AttributeCursor data) {
    List<RawAttribute> out = new ArrayList<>();
    if (data != null) {
      while (data.next()) {
        out.add(data.raw());
      }
    }
    return out;
  }
}
