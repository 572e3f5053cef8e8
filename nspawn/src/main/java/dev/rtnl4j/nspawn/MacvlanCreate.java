package dev.rtnl4j.nspawn;

import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.Request;

/**
 * {@code RTM_NEWLINK} creating a macvlan on a lower device ({@code IFLA_LINK}), directly in another
 * namespace ({@code IFLA_NET_NS_FD}), in bridge mode, with a MAC. The typed rtnl API's
 * {@code LinkSpec} has no lower-device field yet; this request stands in for it until it does.
 */
record MacvlanCreate(String name, int parentIndex, byte[] mac, int netnsFd, String netnsLabel) implements Request {
  /** {@code IFLA_MACVLAN_MODE} inside {@code IFLA_INFO_DATA}. */
  static final int IFLA_MACVLAN_MODE = 1;
  /** {@code MACVLAN_MODE_BRIDGE}. */
  static final int MACVLAN_MODE_BRIDGE = 4;

  @Override
  public int type() {
    return Rtm.RTM_NEWLINK;
  }

  @Override
  public int flags() {
    return Nl.NLM_F_CREATE | Nl.NLM_F_EXCL;
  }

  @Override
  public void encodeBody(MessageWriter w) {
    w.ifinfomsg(Rtm.AF_UNSPEC, 0, 0, 0, 0);
    w.string(Ifla.IFLA_IFNAME, name);
    if (mac != null) {
      w.bytes(Ifla.IFLA_ADDRESS, mac);
    }
    w.u32(Ifla.IFLA_LINK, parentIndex);
    w.u32(Ifla.IFLA_NET_NS_FD, netnsFd);
    int li = w.beginNested(Ifla.IFLA_LINKINFO);
    w.string(Ifla.IFLA_INFO_KIND, "macvlan");
    int data = w.beginNested(Ifla.IFLA_INFO_DATA);
    w.u32(IFLA_MACVLAN_MODE, MACVLAN_MODE_BRIDGE);
    w.endNested(data);
    w.endNested(li);
  }

  @Override
  public String describe() {
    return "create macvlan " + name + " on link " + parentIndex + " (bridge mode) in netns " + netnsLabel;
  }
}
