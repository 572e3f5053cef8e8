package dev.rtnl4j.rtnl;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes to an existing link, sent in one request: up/down ({@code adminUp}), MTU, MAC address, name, alias,
 * transmit queue length, master (or none), namespace, and kind settings (e.g. a {@link Bridge}
 * with the settings to change). Fields left null are not touched.
 *
 * @param master index of the new master; 0 releases the link from its master
 */
public record LinkChange(Boolean adminUp, Integer mtu, MacAddress address, String name, String alias,
    Integer txQueueLength, Integer master, NamespaceRef namespace, LinkKind kindSettings) {

  /** Checks the values. */
  public LinkChange {
    if (name != null) {
      Validate.interfaceName(name);
    }
    if (mtu != null && mtu <= 0) {
      throw new IllegalArgumentException("MTU " + mtu + " must be positive");
    }
    if (master != null && master < 0) {
      throw new IllegalArgumentException("master index " + master + " is negative");
    }
    if (txQueueLength != null && txQueueLength < 0) {
      throw new IllegalArgumentException("transmit queue length " + txQueueLength + " is negative");
    }
  }

  /** No change. */
  public static LinkChange none() {
    return new LinkChange(null, null, null, null, null, null, null, null, null);
  }

  /** Sets the link up. */
  public LinkChange up() {
    return new LinkChange(true, mtu, address, name, alias, txQueueLength, master, namespace, kindSettings);
  }

  /** Sets the link down. */
  public LinkChange down() {
    return new LinkChange(false, mtu, address, name, alias, txQueueLength, master, namespace, kindSettings);
  }

  /** Sets the MTU. */
  public LinkChange mtu(int m) {
    return new LinkChange(adminUp, m, address, name, alias, txQueueLength, master, namespace, kindSettings);
  }

  /** Sets the MAC address. */
  public LinkChange address(MacAddress a) {
    return new LinkChange(adminUp, mtu, a, name, alias, txQueueLength, master, namespace, kindSettings);
  }

  /** Renames the link (the link must then be named by index). */
  public LinkChange rename(String n) {
    return new LinkChange(adminUp, mtu, address, n, alias, txQueueLength, master, namespace, kindSettings);
  }

  /** Sets the alias ("" removes it). */
  public LinkChange alias(String a) {
    return new LinkChange(adminUp, mtu, address, name, a, txQueueLength, master, namespace, kindSettings);
  }

  /** Sets the transmit queue length. */
  public LinkChange txQueueLength(int n) {
    return new LinkChange(adminUp, mtu, address, name, alias, n, master, namespace, kindSettings);
  }

  /** Enslaves the link to {@code masterIndex}. */
  public LinkChange master(int masterIndex) {
    Validate.index(masterIndex, "master");
    return new LinkChange(adminUp, mtu, address, name, alias, txQueueLength, masterIndex, namespace, kindSettings);
  }

  /** Releases the link from its master. */
  public LinkChange noMaster() {
    return new LinkChange(adminUp, mtu, address, name, alias, txQueueLength, 0, namespace, kindSettings);
  }

  /** Moves the link to namespace {@code ns}. */
  public LinkChange namespace(NamespaceRef ns) {
    return new LinkChange(adminUp, mtu, address, name, alias, txQueueLength, master, ns, kindSettings);
  }

  /** Changes kind settings (e.g. a bridge's STP). */
  public LinkChange kindSettings(LinkKind k) {
    return new LinkChange(adminUp, mtu, address, name, alias, txQueueLength, master, namespace, k);
  }

  /** What changes, in words: "up, mtu 1400". */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (adminUp != null) {
      parts.add(adminUp ? "up" : "down");
    }
    if (mtu != null) {
      parts.add("mtu " + mtu);
    }
    if (address != null) {
      parts.add("address " + address);
    }
    if (name != null) {
      parts.add("name " + name);
    }
    if (alias != null) {
      parts.add("alias '" + alias + "'");
    }
    if (txQueueLength != null) {
      parts.add("txqueuelen " + txQueueLength);
    }
    if (master != null) {
      parts.add(master == 0 ? "nomaster" : "master " + master);
    }
    if (namespace != null) {
      parts.add("netns " + namespace.label());
    }
    if (kindSettings != null) {
      parts.add(kindSettings.kindName() + " settings");
    }
    return String.join(", ", parts);
  }
}
