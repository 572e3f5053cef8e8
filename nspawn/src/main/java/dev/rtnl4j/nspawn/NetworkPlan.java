package dev.rtnl4j.nspawn;

import dev.rtnl4j.nspawn.NetStep.AddAddress;
import dev.rtnl4j.nspawn.NetStep.AddRoute;
import dev.rtnl4j.nspawn.NetStep.CreateMacvlan;
import dev.rtnl4j.nspawn.NetStep.CreateNetns;
import dev.rtnl4j.nspawn.NetStep.CreateVeth;
import dev.rtnl4j.nspawn.NetStep.LinkUp;
import dev.rtnl4j.nspawn.NetStep.MoveLink;
import dev.rtnl4j.nspawn.NetStep.SetMaster;
import dev.rtnl4j.nspawn.NetStep.Side;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything rtnl4j does to a container's network before systemd-nspawn starts, in order: the
 * namespace, every link, address and route on both sides (what containers.nix's postStart and
 * container-init scripts do with {@code ip}), and what must be undone on stop.
 *
 * <p>For privateNetwork with hostAddress and localAddress this is exactly workload W1's nine
 * operations.
 *
 * @param container the container's name
 * @param netns the container's network namespace
 * @param ownsNetns true when rtnl4j creates and deletes the namespace
 * @param steps the operations, in order
 * @param hostLinks links rtnl4j creates in the host namespace (deleted on stop, and before a start
 *     when stale)
 * @param movedInterfaces host interfaces moved into the container (moved back on stop)
 */
public record NetworkPlan(String container, Path netns, boolean ownsNetns, List<NetStep> steps,
    List<String> hostLinks, List<String> movedInterfaces) {

  /** Copies the lists. */
  public NetworkPlan {
    steps = List.copyOf(steps);
    hostLinks = List.copyOf(hostLinks);
    movedInterfaces = List.copyOf(movedInterfaces);
  }

  /** The plan for {@code spec} (empty when the container shares the host's network). */
  public static NetworkPlan of(ContainerSpec spec) {
    List<NetStep> steps = new ArrayList<>();
    List<String> hostLinks = new ArrayList<>();
    if (!spec.ownNetwork()) {
      return new NetworkPlan(spec.name(), null, false, steps, hostLinks, List.of());
    }
    if (spec.ownsNetns()) {
      steps.add(new CreateNetns(spec.netnsPath()));
    }
    List<NetStep> container = new ArrayList<>();
    container.add(new LinkUp(Side.CONTAINER, "lo"));
    if (spec.hasMainVeth()) {
      boolean bridged = spec.hostBridge() != null;
      String full = InterfaceNames.hostVethFullName(spec.name(), bridged);
      String host = InterfaceNames.shorten(full);
      byte[] peerMac = spec.containerMac() != null
          ? InterfaceNames.parseMac(spec.containerMac()) : InterfaceNames.containerMac(spec.name());
      steps.add(new CreateVeth(host, host.equals(full) ? null : full, InterfaceNames.hostMac(spec.name()),
          "eth0", peerMac, null));
      hostLinks.add(host);
      if (bridged) {
        steps.add(new SetMaster(Side.HOST, host, spec.hostBridge()));
      } else {
        hostSide(steps, host, spec.hostAddress(), spec.hostAddress6(), spec.localAddress(), spec.localAddress6());
      }
      containerSide(container, "eth0", spec.hostAddress(), spec.hostAddress6(), spec.localAddress(),
          spec.localAddress6(), true);
    }
    for (ExtraVeth v : spec.extraVeths()) {
      steps.add(new CreateVeth(v.name(), null, null, v.name(), null, null));
      hostLinks.add(v.name());
      if (v.hostBridge() != null) {
        steps.add(new SetMaster(Side.HOST, v.name(), v.hostBridge()));
      } else {
        hostSide(steps, v.name(), v.hostAddress(), v.hostAddress6(), v.localAddress(), v.localAddress6());
      }
      containerSide(container, v.name(), v.hostAddress(), v.hostAddress6(), v.localAddress(), v.localAddress6(), false);
    }
    for (int i = 0; i < spec.macvlans().size(); i++) {
      String parent = spec.macvlans().get(i);
      String full = InterfaceNames.macvlanFullName(parent);
      String name = InterfaceNames.shorten(full);
      steps.add(new CreateMacvlan(parent, name, name.equals(full) ? null : full, InterfaceNames.macvlanMac(spec.name(), i)));
      container.add(new LinkUp(Side.CONTAINER, name));
    }
    for (String i : spec.interfaces()) {
      steps.add(new MoveLink(i));
    }
    steps.addAll(container);
    return new NetworkPlan(spec.name(), spec.netnsPath(), spec.ownsNetns(), steps, hostLinks, spec.interfaces());
  }

  /**
   * Compatible mode: what rtnl4j does after nspawn made the links itself ({@code --network-veth}
   * and friends) and reported its leader: containers.nix's postStart on the host and its
   * container-init inside, with {@code host0} renamed to {@code eth0}. The namespace is the
   * leader's, so {@code netns} is null and nothing is created.
   */
  public static NetworkPlan compatible(ContainerSpec spec) {
    List<NetStep> steps = new ArrayList<>();
    List<String> hostLinks = new ArrayList<>();
    if (!spec.ownNetwork()) {
      return new NetworkPlan(spec.name(), null, false, steps, hostLinks, List.of());
    }
    List<NetStep> container = new ArrayList<>();
    container.add(new LinkUp(Side.CONTAINER, "lo"));
    if (spec.hasMainVeth()) {
      String host = InterfaceNames.shorten(InterfaceNames.hostVethFullName(spec.name(), spec.hostBridge() != null));
      hostLinks.add(host);
      if (spec.hostBridge() == null) {
        hostSide(steps, host, spec.hostAddress(), spec.hostAddress6(), spec.localAddress(), spec.localAddress6());
      }
      container.add(new NetStep.RenameLink(Side.CONTAINER, "host0", "eth0"));
      containerSide(container, "eth0", spec.hostAddress(), spec.hostAddress6(), spec.localAddress(),
          spec.localAddress6(), true);
    }
    for (ExtraVeth v : spec.extraVeths()) {
      hostLinks.add(v.name());
      if (v.hostBridge() != null) {
        steps.add(new SetMaster(Side.HOST, v.name(), v.hostBridge()));
      } else {
        hostSide(steps, v.name(), v.hostAddress(), v.hostAddress6(), v.localAddress(), v.localAddress6());
      }
      containerSide(container, v.name(), v.hostAddress(), v.hostAddress6(), v.localAddress(), v.localAddress6(), false);
    }
    for (String parent : spec.macvlans()) {
      container.add(new LinkUp(Side.CONTAINER, InterfaceNames.shorten(InterfaceNames.macvlanFullName(parent))));
    }
    steps.addAll(container);
    return new NetworkPlan(spec.name(), null, false, steps, hostLinks, spec.interfaces());
  }

  /** Addresses the plan configures, as "side device address". */
  public List<String> addresses() {
    List<String> out = new ArrayList<>();
    for (NetStep s : steps) {
      if (s instanceof AddAddress a) {
        out.add(a.side().name().toLowerCase(java.util.Locale.ROOT) + " " + a.device() + " " + a.address());
      }
    }
    return out;
  }

  /** containers.nix postStart: the host side up, its addresses, routes to the container's addresses. */
  private static void hostSide(List<NetStep> steps, String dev, IpPrefix hostAddress, IpPrefix hostAddress6,
      IpPrefix localAddress, IpPrefix localAddress6) {
    if (hostAddress != null) {
      steps.add(new AddAddress(Side.HOST, dev, hostAddress));
    }
    steps.add(new LinkUp(Side.HOST, dev));
    if (hostAddress6 != null) {
      steps.add(new AddAddress(Side.HOST, dev, hostAddress6));
    }
    if (localAddress != null) {
      steps.add(new AddRoute(Side.HOST, localAddress.network(), dev, null));
    }
    if (localAddress6 != null) {
      steps.add(new AddRoute(Side.HOST, localAddress6.network(), dev, null));
    }
  }

  /** containers.nix container-init: addresses, the link up, routes to the host and (for eth0) default routes. */
  private static void containerSide(List<NetStep> steps, String dev, IpPrefix hostAddress, IpPrefix hostAddress6,
      IpPrefix localAddress, IpPrefix localAddress6, boolean defaultRoute) {
    if (localAddress != null) {
      steps.add(new AddAddress(Side.CONTAINER, dev, localAddress));
    }
    steps.add(new LinkUp(Side.CONTAINER, dev));
    if (localAddress6 != null) {
      steps.add(new AddAddress(Side.CONTAINER, dev, localAddress6));
    }
    if (hostAddress != null) {
      steps.add(new AddRoute(Side.CONTAINER, hostAddress.network(), dev, null));
      if (defaultRoute) {
        steps.add(new AddRoute(Side.CONTAINER, new IpPrefix(zero(4), 0), dev, hostAddress.address()));
      }
    }
    if (hostAddress6 != null) {
      steps.add(new AddRoute(Side.CONTAINER, hostAddress6.network(), dev, null));
      if (defaultRoute) {
        steps.add(new AddRoute(Side.CONTAINER, new IpPrefix(zero(16), 0), dev, hostAddress6.address()));
      }
    }
  }

  private static InetAddress zero(int len) {
    try {
      return InetAddress.getByAddress(new byte[len]);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Bridges the plan needs to exist on the host (a missing one fails the start clearly). */
  public Set<String> requiredBridges() {
    Set<String> bridges = new LinkedHashSet<>();
    for (NetStep s : steps) {
      if (s instanceof SetMaster m) {
        bridges.add(m.master());
      }
    }
    return bridges;
  }

  /** Host interfaces the plan needs (macvlan parents, interfaces to move). */
  public Set<String> requiredHostInterfaces() {
    Set<String> names = new LinkedHashSet<>();
    for (NetStep s : steps) {
      if (s instanceof CreateMacvlan m) {
        names.add(m.parent());
      } else if (s instanceof MoveLink m) {
        names.add(m.name());
      }
    }
    return names;
  }

  /** Every step described in iproute2 words, one a line. */
  public List<String> describe() {
    return steps.stream().map(NetStep::describe).toList();
  }
}
