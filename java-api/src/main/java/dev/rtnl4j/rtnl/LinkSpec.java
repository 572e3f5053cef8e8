package dev.rtnl4j.rtnl;

import java.util.Objects;

/**
 * A link to create: name and kind, and what the kernel can set in the same {@code RTM_NEWLINK}:
 * index, MTU, MAC address, up-state, master, transmit queue length, number of queues, alias, and
 * the namespace it is created in. Build with {@link #builder(String, LinkKind)}.
 *
 * @param index  ifindex to request, 0 for the kernel's choice (EEXIST/EBUSY if taken)
 * @param master index of the master to enslave to, 0 for none
 * @param queues number of transmit and receive queues, or null for the kernel's choice
 */
public record LinkSpec(String name, LinkKind kind, int index, Integer mtu, MacAddress address, boolean up,
    int master, Integer txQueueLength, Queues queues, String alias, NamespaceRef namespace) {

  /** Checks the name, kind and numbers. */
  public LinkSpec {
    Validate.interfaceName(name);
    Objects.requireNonNull(kind, "kind");
    if (index < 0) {
      throw new IllegalArgumentException("link index " + index + " is negative");
    }
    if (mtu != null && mtu <= 0) {
      throw new IllegalArgumentException("MTU " + mtu + " must be positive");
    }
    if (master < 0) {
      throw new IllegalArgumentException("master index " + master + " is negative");
    }
    if (txQueueLength != null && txQueueLength < 0) {
      throw new IllegalArgumentException("transmit queue length " + txQueueLength + " is negative");
    }
    if (alias != null && alias.length() > 255) {
      throw new IllegalArgumentException("alias of " + alias.length() + " characters is longer than 255");
    }
  }

  /** A builder for link {@code name} of {@code kind}. */
  public static Builder builder(String name, LinkKind kind) {
    return new Builder(name, kind);
  }

  /** Builds a {@link LinkSpec}. */
  public static final class Builder {
    private final String name;
    private final LinkKind kind;
    private int index;
    private Integer mtu;
    private MacAddress address;
    private boolean up;
    private int master;
    private Integer txQueueLength;
    private Queues queues;
    private String alias;
    private NamespaceRef namespace;

    private Builder(String name, LinkKind kind) {
      this.name = name;
      this.kind = kind;
    }

    /** Requests ifindex {@code i}. */
    public Builder index(int i) {
      index = i;
      return this;
    }

    /** Sets the MTU. */
    public Builder mtu(int m) {
      mtu = m;
      return this;
    }

    /** Sets the MAC address. */
    public Builder address(MacAddress a) {
      address = a;
      return this;
    }

    /** Creates the link up. */
    public Builder up() {
      up = true;
      return this;
    }

    /** Creates the link up or down. */
    public Builder up(boolean on) {
      up = on;
      return this;
    }

    /** Enslaves the link to master {@code masterIndex}. */
    public Builder master(int masterIndex) {
      master = masterIndex;
      return this;
    }

    /** Sets the transmit queue length. */
    public Builder txQueueLength(int n) {
      txQueueLength = n;
      return this;
    }

    /** Sets the number of transmit and receive queues (see {@link Queues#ONE} for veths). */
    public Builder queues(Queues q) {
      queues = q;
      return this;
    }

    /** Sets the alias. */
    public Builder alias(String a) {
      alias = a;
      return this;
    }

    /** Creates the link directly in namespace {@code ns}. */
    public Builder namespace(NamespaceRef ns) {
      namespace = ns;
      return this;
    }

    /** The spec; throws {@link IllegalArgumentException} for bad values. */
    public LinkSpec build() {
      return new LinkSpec(name, kind, index, mtu, address, up, master, txQueueLength, queues, alias, namespace);
    }
  }
}
