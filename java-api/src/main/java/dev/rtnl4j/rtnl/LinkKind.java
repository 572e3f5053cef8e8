package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.MessageWriter;

/**
 * What kind of link a link is ({@code IFLA_INFO_KIND}) and its kind-specific settings
 * ({@code IFLA_INFO_DATA}). One record per kind: {@link Veth}, {@link Bridge}; kinds this library
 * does not model are read as {@link UnknownKind} (their data kept as raw attributes). Further kinds
 * (macvlan, vlan, vxlan...) are one file each: a record implementing {@link Extension}, plus one
 * line in {@link LinkKinds} to decode it.
 */
public sealed interface LinkKind permits Veth, Bridge, UnknownKind, LinkKind.Extension {

  /** The kernel's name of the kind: {@code "veth"}, {@code "bridge"}. */
  String kindName();

  /**
   * Writes the attributes that go inside {@code IFLA_INFO_DATA} (nothing when there are none).
   * Must be deterministic and should not allocate.
   */
  void encodeData(MessageWriter writer);

  /**
   * Writes the attributes this kind needs outside {@code IFLA_LINKINFO} in a create request, such
   * as the lower link ({@code IFLA_LINK}) of a macvlan, ipvlan or vlan. Nothing by default.
   */
  default void encodeLinkAttributes(MessageWriter writer) {}

  /** Words added to a description of a request creating this kind ({@code "peer eth0 in netns c1"}), or "". */
  default String details() {
    return "";
  }

  /** The extension point for link kinds defined outside this file's sealed list. */
  non-sealed interface Extension extends LinkKind {}
}
