package dev.rtnl4j.rtnl;

/**
 * Which link a request is about: by interface index, by name ({@code IFLA_IFNAME}) or by
 * alternative name ({@code IFLA_ALT_IFNAME}). The kernel resolves names itself, in the same
 * request: no lookup round trip.
 */
public sealed interface LinkRef {
  /** The link with index {@code index}. */
  record ByIndex(int index) implements LinkRef {
    /** Checks the index is positive. */
    public ByIndex {
      Validate.index(index, "link");
    }

    @Override
    public String toString() {
      return "link " + index;
    }
  }

  /** The link called {@code name}. */
  record ByName(String name) implements LinkRef {
    /** Checks the name. */
    public ByName {
      Validate.interfaceName(name);
    }

    @Override
    public String toString() {
      return "link " + name;
    }
  }

  /** The link with alternative name {@code altName}. */
  record ByAltName(String altName) implements LinkRef {
    /** Checks the name. */
    public ByAltName {
      Validate.altName(altName);
    }

    @Override
    public String toString() {
      return "link with altname " + altName;
    }
  }

  /** The link with index {@code index}. */
  static LinkRef index(int index) {
    return new ByIndex(index);
  }

  /** The link called {@code name}. */
  static LinkRef name(String name) {
    return new ByName(name);
  }

  /** The link with alternative name {@code altName}. */
  static LinkRef altName(String altName) {
    return new ByAltName(altName);
  }
}
