package dev.rtnl4j.rtnl;

import static dev.rtnl4j.codec.IflaInfoData.IFLA_VXLAN_GROUP;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_VXLAN_GROUP6;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_VXLAN_ID;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_VXLAN_LEARNING;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_VXLAN_LINK;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_VXLAN_LOCAL;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_VXLAN_LOCAL6;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_VXLAN_PORT;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_VXLAN_TTL;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.RawAttribute;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Rtm;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A VXLAN tunnel endpoint ({@code vxlan}). Create one with {@link #unicast} (one remote peer),
 * {@link #multicast} (a group, which needs a device) or {@link #of} (no remote: entries are added
 * to the forwarding database later).
 *
 * @param vni      the VXLAN network identifier, 0..16777215 ({@code IFLA_VXLAN_ID})
 * @param local    the local tunnel address ({@code IFLA_VXLAN_LOCAL[6]}), or null
 * @param remote   the unicast remote peer or the multicast group ({@code IFLA_VXLAN_GROUP[6]}; the
 *                 kernel tells them apart by the address), or null
 * @param port     the UDP destination port ({@code IFLA_VXLAN_PORT}); 0 when creating: the kernel's
 *                 default, which is 8472 (not IANA's 4789)
 * @param device   the link the tunnel sends through ({@code IFLA_VXLAN_LINK}), 0 for none
 * @param learning source-address learning ({@code IFLA_VXLAN_LEARNING}); null: the kernel's default (on)
 * @param ttl      the outer TTL ({@code IFLA_VXLAN_TTL}, 0 = inherit from the route); null: default
 */
public record Vxlan(int vni, InetAddress local, InetAddress remote, int port, int device, Boolean learning, Integer ttl)
    implements LinkKind.Extension {

  /** Checks the values. */
  public Vxlan {
    if (vni < 0 || vni > 0xffffff) {
      throw new IllegalArgumentException("VXLAN VNI " + vni + " is outside 0..16777215");
    }
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("VXLAN port " + port + " is outside 0..65535");
    }
    if (device < 0) {
      throw new IllegalArgumentException("VXLAN device index " + device + " is negative");
    }
    if (local != null && remote != null && Inet.family(local) != Inet.family(remote)) {
      throw new IllegalArgumentException("VXLAN local " + local.getHostAddress() + " and remote "
          + remote.getHostAddress() + " are of different address families");
    }
    if (local != null && local.isMulticastAddress()) {
      throw new IllegalArgumentException("VXLAN local address " + local.getHostAddress() + " is a multicast address");
    }
    if (ttl != null && (ttl < 0 || ttl > 255)) {
      throw new IllegalArgumentException("VXLAN TTL " + ttl + " is outside 0..255");
    }
  }

  /** VNI {@code vni} with no remote and the kernel's defaults. */
  public static Vxlan of(int vni) {
    return new Vxlan(vni, null, null, 0, 0, null, null);
  }

  /** VNI {@code vni} from {@code local} (may be null) to the one peer {@code remote}. */
  public static Vxlan unicast(int vni, InetAddress local, InetAddress remote) {
    if (remote.isMulticastAddress()) {
      throw new IllegalArgumentException("VXLAN remote " + remote.getHostAddress() + " is a multicast address: use multicast()");
    }
    return new Vxlan(vni, local, remote, 0, 0, null, null);
  }

  /** VNI {@code vni} flooding to multicast {@code group} through link {@code deviceIndex}. */
  public static Vxlan multicast(int vni, InetAddress group, int deviceIndex) {
    if (!group.isMulticastAddress()) {
      throw new IllegalArgumentException("VXLAN group " + group.getHostAddress() + " is not a multicast address");
    }
    Validate.index(deviceIndex, "VXLAN multicast device");
    return new Vxlan(vni, null, group, 0, deviceIndex, null, null);
  }

  /** With UDP destination port {@code p} (4789 is IANA's). */
  public Vxlan withPort(int p) {
    return new Vxlan(vni, local, remote, p, device, learning, ttl);
  }

  /** Sending through link {@code index}. */
  public Vxlan withDevice(int index) {
    return new Vxlan(vni, local, remote, port, index, learning, ttl);
  }

  /** With learning on or off. */
  public Vxlan withLearning(boolean on) {
    return new Vxlan(vni, local, remote, port, device, on, ttl);
  }

  /** With outer TTL {@code t}. */
  public Vxlan withTtl(int t) {
    return new Vxlan(vni, local, remote, port, device, learning, t);
  }

  /** Whether {@link #remote()} is a multicast group. */
  public boolean isMulticast() {
    return remote != null && remote.isMulticastAddress();
  }

  @Override
  public String kindName() {
    return "vxlan";
  }

  @Override
  public void encodeData(MessageWriter w) {
    w.u32(IFLA_VXLAN_ID, vni);
    if (remote != null) {
      w.bytes(remote instanceof Inet4Address ? IFLA_VXLAN_GROUP : IFLA_VXLAN_GROUP6, remote.getAddress());
    }
    if (local != null) {
      w.bytes(local instanceof Inet4Address ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6, local.getAddress());
    }
    if (device > 0) {
      w.u32(IFLA_VXLAN_LINK, device);
    }
    if (ttl != null) {
      w.u8(IFLA_VXLAN_TTL, ttl);
    }
    if (learning != null) {
      w.u8(IFLA_VXLAN_LEARNING, learning ? 1 : 0);
    }
    if (port != 0) {
      w.be16(IFLA_VXLAN_PORT, port);
    }
  }

  @Override
  public String details() {
    return "vni " + vni + (remote != null ? (isMulticast() ? " group " : " remote ") + remote.getHostAddress() : "")
        + (local != null ? " local " + local.getHostAddress() : "") + (port != 0 ? " port " + port : "")
        + (device > 0 ? " dev " + device : "");
  }

  /**
   * Reads the settings from the attributes of {@code IFLA_INFO_DATA}; data that does not fit
   * (an address of the wrong length...) gives an {@link UnknownKind} with the attributes as bytes.
   */
  static LinkKind decode(AttributeCursor data) {
    int vni = 0;
    InetAddress local = null;
    InetAddress remote = null;
    int port = 0;
    int device = 0;
    Boolean learning = null;
    Integer ttl = null;
    List<RawAttribute> raw = new ArrayList<>();
    boolean understood = true;
    while (data.next()) {
      raw.add(data.raw());
      try {
        switch (data.type()) {
          case IFLA_VXLAN_ID -> vni = data.u32("IFLA_VXLAN_ID");
          case IFLA_VXLAN_GROUP -> remote = Inet.read(data, Rtm.AF_INET, "IFLA_VXLAN_GROUP");
          case IFLA_VXLAN_GROUP6 -> remote = Inet.read(data, Rtm.AF_INET6, "IFLA_VXLAN_GROUP6");
          case IFLA_VXLAN_LOCAL -> local = Inet.read(data, Rtm.AF_INET, "IFLA_VXLAN_LOCAL");
          case IFLA_VXLAN_LOCAL6 -> local = Inet.read(data, Rtm.AF_INET6, "IFLA_VXLAN_LOCAL6");
          case IFLA_VXLAN_LINK -> device = data.u32("IFLA_VXLAN_LINK");
          case IFLA_VXLAN_PORT -> port = data.be16("IFLA_VXLAN_PORT");
          case IFLA_VXLAN_LEARNING -> learning = data.u8("IFLA_VXLAN_LEARNING") != 0;
          case IFLA_VXLAN_TTL -> ttl = data.u8("IFLA_VXLAN_TTL");
          default -> { }
        }
      } catch (MalformedMessageException e) {
        understood = false; // kept as bytes
      }
    }
    // the kernel reports 0.0.0.0 / :: for an unset address
    if (remote != null && remote.isAnyLocalAddress()) {
      remote = null;
    }
    if (local != null && local.isAnyLocalAddress()) {
      local = null;
    }
    if (!understood || vni < 0 || vni > 0xffffff || device < 0 || (local != null && local.isMulticastAddress())
        || (local != null && remote != null && Inet.family(local) != Inet.family(remote))) {
      return new UnknownKind("vxlan", raw);
    }
    return new Vxlan(vni, local, remote, port, device, learning, ttl);
  }
}
