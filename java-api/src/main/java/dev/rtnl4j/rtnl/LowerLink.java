package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MessageWriter;
import java.util.function.ToIntFunction;

/**
 * What the kinds stacked on a lower link (macvlan, ipvlan, vlan) share: the lower link's index in
 * {@code IFLA_LINK} (0 on links read from the kernel, where it is {@link Link#linkIndex()}), and
 * their enums of kernel values.
 */
final class LowerLink {
  private LowerLink() {}

  /**
   * Checks a lower link index read or given.
   *
   * @throws IllegalArgumentException when it is negative
   */
  static void check(int parent, String kind) {
    if (parent < 0) {
      throw new IllegalArgumentException(kind + " lower link index " + parent + " is negative");
    }
  }

  /** {@code IFLA_LINK}, when the lower link is known. */
  static void encode(MessageWriter w, int parent) {
    if (parent > 0) {
      w.u32(Ifla.IFLA_LINK, parent);
    }
  }

  /** " on link N" for {@code details()}, or nothing when the lower link is not known. */
  static String describe(int parent) {
    return parent > 0 ? " on link " + parent : "";
  }

  /** The constant of {@code values} whose kernel value is {@code v}, or null for one not known. */
  static <E extends Enum<E>> E byValue(E[] values, ToIntFunction<E> value, int v) {
    for (E e : values) {
      if (value.applyAsInt(e) == v) {
        return e;
      }
    }
    return null;
  }
}
