package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.RawAttribute;
import java.util.List;

/**
 * A link kind this library does not model (or a modelled kind's data kept whole): its name and
 * its {@code IFLA_INFO_DATA} attributes as bytes, written back unchanged.
 */
public record UnknownKind(String kindName, List<RawAttribute> data) implements LinkKind {
  /** Copies {@code data}. */
  public UnknownKind {
    if (kindName == null || kindName.isEmpty()) {
      throw new IllegalArgumentException("link kind name is empty");
    }
    data = List.copyOf(data);
  }

  @Override
  public void encodeData(MessageWriter w) {
    for (RawAttribute a : data) {
      w.raw(a);
    }
  }
}
