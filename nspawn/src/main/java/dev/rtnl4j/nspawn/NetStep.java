package dev.rtnl4j.nspawn;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * One network operation of a container's start, said in iproute2 words by {@link #describe()}
 * (for {@code up --dry-run} and failure reports). A {@link NetworkPlan} lists them in order; a
 * {@link NetworkBackend} carries them out over rtnetlink.
 */
public sealed interface NetStep {
  /** iproute2's words for one transmit and one receive queue, which each veth end gets. */
  String ONE_QUEUE = "numtxqueues 1 numrxqueues 1";

  /** Where an operation takes place: the namespace the runtime runs in, or the container's. */
  enum Side {
    /** The runtime's own network namespace ("the host"). */
    HOST,
    /** The container's network namespace. */
    CONTAINER;

    String prefix() {
      return this == HOST ? "host" : "container";
    }
  }

  /** The operation as iproute2 would say it, prefixed with its side. */
  String describe();

  /**
   * Where the operation takes place: the steps that name a side say it; the others (making the
   * namespace, making or moving links into it) run in the host's.
   */
  default Side side() {
    return Side.HOST;
  }

  /** Creates and bind-mounts a named network namespace at {@code path}. */
  record CreateNetns(Path path) implements NetStep {
    @Override
    public String describe() {
      return "host: netns add " + path;
    }
  }

  /**
   * A veth pair: {@code hostName} in the host namespace (up and enslaved to {@code master} when
   * given), its peer {@code peerName} created directly in the container namespace.
   *
   * @param hostName host side name (at most 15 bytes)
   * @param altName full name when hostName was shortened, else null
   * @param hostMac host side MAC, or null for a random one
   * @param peerName container side name
   * @param peerMac container side MAC, or null
   * @param master bridge to enslave the host side to, or null
   */
  // Both ends get one transmit and one receive queue, asked for: what the kernel would leave active
  // anyway, without the RCU grace period it waits for when cutting its default (one per CPU) back.
  record CreateVeth(String hostName, String altName, byte[] hostMac, String peerName, byte[] peerMac, String master)
      implements NetStep {
    @Override
    public String describe() {
      return "host: link add " + hostName + (hostMac == null ? "" : " address " + InterfaceNames.macText(hostMac))
          + " " + ONE_QUEUE + (master == null ? "" : " master " + master) + " type veth peer name " + peerName
          + (peerMac == null ? "" : " address " + InterfaceNames.macText(peerMac)) + " " + ONE_QUEUE + " netns <container>"
          + (altName == null ? "" : "; link property add dev " + hostName + " altname " + altName);
    }
  }

  /** A macvlan (bridge mode) on host interface {@code parent}, created directly in the container namespace. */
  record CreateMacvlan(String parent, String name, String altName, byte[] mac) implements NetStep {
    @Override
    public String describe() {
      return "host: link add link " + parent + " name " + name + (mac == null ? "" : " address " + InterfaceNames.macText(mac))
          + " netns <container> type macvlan mode bridge"
          + (altName == null ? "" : "; container: link property add dev " + name + " altname " + altName);
    }
  }

  /** Moves host interface {@code name} into the container namespace. */
  record MoveLink(String name) implements NetStep {
    @Override
    public String describe() {
      return "host: link set " + name + " netns <container>";
    }
  }

  /** Sets a link up. */
  record LinkUp(Side side, String name) implements NetStep {
    @Override
    public String describe() {
      return side.prefix() + ": link set " + name + " up";
    }
  }

  /** Enslaves a link to a bridge and sets it up (containers.nix: {@code ip link set dev X master BR up}). */
  record SetMaster(Side side, String name, String master) implements NetStep {
    @Override
    public String describe() {
      return side.prefix() + ": link set " + name + " master " + master + " up";
    }
  }

  /** Adds an address. */
  record AddAddress(Side side, String device, IpPrefix address) implements NetStep {
    @Override
    public String describe() {
      return side.prefix() + ": " + (address.isIpv4() ? "" : "-6 ") + "addr add " + address + " dev " + device;
    }
  }

  /**
   * Adds a route: to {@code destination} through {@code device}, via {@code gateway} when given
   * (else scope link).
   */
  record AddRoute(Side side, IpPrefix destination, String device, InetAddress gateway) implements NetStep {
    @Override
    public String describe() {
      boolean dflt = destination.prefixLength() == 0;
      String via = gateway == null ? "" : " via " + new IpPrefix(gateway, gateway.getAddress().length * 8).addressText();
      return side.prefix() + ": " + (destination.isIpv4() ? "" : "-6 ") + "route add "
          + (dflt ? "default" : destination.toString()) + via + " dev " + device;
    }
  }

  /** Renames a link (compatible mode: nspawn's {@code host0} becomes {@code eth0}, as container-init did). */
  record RenameLink(Side side, String from, String to) implements NetStep {
    @Override
    public String describe() {
      return side.prefix() + ": link set " + from + " name " + to;
    }
  }
}
