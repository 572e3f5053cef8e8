package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtnl4j.codec.IflaInfoData;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.proto.Request;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request bytes of the link kinds, neighbours and TUNSETIFF, written out by hand from the
 * kernel's structures ({@code ifinfomsg}, {@code nlattr}, {@code ndmsg}, {@code ifreq}), so the
 * encoders are checked on any host, including kinds this kernel lacks (dummy, vlan, ipvlan).
 */
class RequestEncodingTest {
  /** ifinfomsg of a create (family 0, index 0, no flags), then IFLA_IFNAME "x". */
  private static final String HEAD = "00000000" + "00000000" + "00000000" + "00000000" + "06000300" + "78000000";

  private static String body(Request r) {
    MessageWriter w = new MessageWriter(256);
    r.encodeBody(w);
    return HexFormat.of().formatHex(w.toByteArray());
  }

  private static String create(LinkKind kind) {
    return body(Links.createRequest(LinkSpec.builder("x", kind).build()));
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void dummyIsKindAloneWithoutInfoData() {
    assertEquals(HEAD
        + "10001200" // IFLA_LINKINFO, 16 bytes
        + "0a000100" + "64756d6d79000000", // IFLA_INFO_KIND "dummy\0" + pad
        create(new Dummy()));
  }

  @Test
  void vlanCarriesLowerLinkIdAndProtocolInNetworkOrder() {
    assertEquals(HEAD
        + "08000500" + "03000000" // IFLA_LINK 3
        + "24001200" // IFLA_LINKINFO, 36 bytes
        + "09000100" + "766c616e00000000" // IFLA_INFO_KIND "vlan\0" + pad
        + "14000200" // IFLA_INFO_DATA, 20 bytes
        + "06000100" + "64000000" // IFLA_VLAN_ID 100 (u16) + pad
        + "06000500" + "88a80000", // IFLA_VLAN_PROTOCOL 0x88a8 big-endian + pad
        create(Vlan.on(3, 100).with(Vlan.Protocol.IEEE_802_1AD)));
  }

  @Test
  void vlanFlagsAreFlagsAndMask() {
    String s = create(Vlan.on(3, 5).withFlags(IflaInfoData.VLAN_FLAG_REORDER_HDR));
    assertEquals(true, s.endsWith("0c000200" + "01000000" + "1f000000"), s); // IFLA_VLAN_FLAGS {flags, mask of known flags}
  }

  @Test
  void ipvlanCarriesModeAndIsolationFlagsAsU16() {
    assertEquals(HEAD
        + "08000500" + "03000000"
        + "24001200"
        + "0b000100" + "6970766c616e0000" // "ipvlan\0" + pad
        + "14000200"
        + "06000100" + "02000000" // IFLA_IPVLAN_MODE L3S
        + "06000200" + "01000000", // IFLA_IPVLAN_FLAGS PRIVATE
        create(Ipvlan.on(3, Ipvlan.Mode.L3S).with(Ipvlan.Isolation.PRIVATE)));
  }

  @Test
  void ipvlanBridgeIsolationSendsFlagsZero() {
    // always sent: the flags are the lower link's, and would keep an earlier ipvlan's otherwise
    assertEquals(HEAD + "08000500" + "03000000" + "24001200" + "0b000100" + "6970766c616e0000"
        + "14000200" + "06000100" + "00000000" + "06000200" + "00000000", create(Ipvlan.on(3, Ipvlan.Mode.L2)));
  }

  @Test
  void vlanFlagsOutsideTheKernelsAreRefused() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Vlan.on(3, 1).withFlags(0x20));
    assertEquals(true, e.getMessage().contains("0x20"), e.getMessage());
  }

  @Test
  void sourceMacvlanSetsItsAddressListInOneRequest() {
    assertEquals(HEAD
        + "08000500" + "03000000"
        + "34001200" // IFLA_LINKINFO, 52 bytes
        + "0c000100" + "6d6163766c616e00" // "macvlan\0"
        + "24000200" // IFLA_INFO_DATA, 36 bytes
        + "08000100" + "10000000" // IFLA_MACVLAN_MODE SOURCE (16)
        + "08000300" + "03000000" // IFLA_MACVLAN_MACADDR_MODE SET
        + "10000500" // IFLA_MACVLAN_MACADDR_DATA, 16 bytes
        + "0a000400" + "020000005c010000", // IFLA_MACVLAN_MACADDR + pad
        create(Macvlan.source(3, List.of(MacAddress.parse("02:00:00:00:5c:01")))));
  }

  @Test
  void bridgeModeMacvlanIsModeAlone() {
    assertEquals(HEAD + "08000500" + "03000000" + "1c001200" + "0c000100" + "6d6163766c616e00"
        + "0c000200" + "08000100" + "04000000", create(Macvlan.on(3, Macvlan.Mode.BRIDGE)));
  }

  @Test
  void unicastVxlanCarriesVniAddressesAndPortInNetworkOrder() throws Exception {
    assertEquals(HEAD
        + "34001200"
        + "0a000100" + "7678 6c61 6e00 0000".replace(" ", "") // "vxlan\0" + pad
        + "24000200"
        + "08000100" + "2a000000" // IFLA_VXLAN_ID 42
        + "08000200" + "0a000002" // IFLA_VXLAN_GROUP 10.0.0.2 (remote)
        + "08000400" + "0a000001" // IFLA_VXLAN_LOCAL 10.0.0.1
        + "06000f00" + "12b50000", // IFLA_VXLAN_PORT 4789 big-endian
        create(Vxlan.unicast(42, ip("10.0.0.1"), ip("10.0.0.2")).withPort(4789)));
  }

  @Test
  void ipv6MulticastVxlanUsesGroup6AndLink() throws Exception {
    String s = create(Vxlan.multicast(1, ip("ff05::1"), 9));
    assertEquals(true, s.contains("14001000" + "ff050000000000000000000000000001"), s); // IFLA_VXLAN_GROUP6
    assertEquals(true, s.contains("08000300" + "09000000"), s); // IFLA_VXLAN_LINK 9
  }

  @Test
  void neighbourAddIsNdmsgWithDestinationAndHardwareAddress() throws Exception {
    assertEquals("02" + "00" + "0000" + "03000000" + "8000" + "00" + "00" // ndmsg: AF_INET, link 3, PERMANENT
        + "08000100" + "0a000002" // NDA_DST
        + "0a000200" + "0200000000010000", // NDA_LLADDR + pad
        body(Neighbours.addRequest(NeighbourSpec.permanent(3, ip("10.0.0.2"), MacAddress.parse("02:00:00:00:00:01")))));
  }

  @Test
  void neighbourDeleteAndDumpFollowStrictChecking() throws Exception {
    assertEquals("0a" + "00" + "0000" + "03000000" + "0000" + "00" + "00"
        + "14000100" + "fd000000000000000000000000000002",
        body(Neighbours.deleteRequest(NeighbourSpec.permanent(3, ip("fd00::2"), MacAddress.parse("02:00:00:00:00:01")))));
    // a dump names the link in NDA_IFINDEX, never in ndm_ifindex (strict checking refuses that)
    assertEquals("000000000000000000000000" + "08000800" + "03000000", body(new Neighbours.Dump(0, 3, false)));
    assertEquals("000000000000000000000800", body(new Neighbours.Dump(0, 0, true))); // NTF_PROXY
  }

  @Test
  void tunsetiffIfreqIsNameThenFlagsWithExclusiveCreate() {
    ByteBuffer ifr = ByteBuffer.allocateDirect(IflaInfoData.IFREQ_SIZE).order(ByteOrder.nativeOrder());
    for (int i = 0; i < ifr.capacity(); i++) {
      ifr.put(i, (byte) 0x5a);
    }
    TunTap.writeIfreq(ifr, TunTap.Spec.tap("tap0"), true);
    byte[] b = new byte[IflaInfoData.IFREQ_SIZE];
    ifr.get(0, b);
    assertEquals("74617030" + "000000000000000000000000" + "0290" + "00".repeat(22), HexFormat.of().formatHex(b));
    assertEquals("tap0", TunTap.ifreqName(ifr));
    TunTap.writeIfreq(ifr, TunTap.Spec.tun("t").withPacketInfo().withVnetHeader().withMultiQueue(), false);
    // IFF_TUN | IFF_VNET_HDR | IFF_MULTI_QUEUE = 0x4101, no IFF_NO_PI, no IFF_TUN_EXCL
    assertEquals(0x4101, ifr.getShort(16));
    assertEquals("t", TunTap.ifreqName(ifr));
  }

  @Test
  void tunIoctlNumbersAreIowOfT() {
    // _IOW('T', nr, int) = dir 1 << 30 | size 4 << 16 | 'T' << 8 | nr
    assertEquals((1L << 30) | (4L << 16) | ('T' << 8) | 202, IflaInfoData.TUNSETIFF);
    assertEquals((1L << 30) | (4L << 16) | ('T' << 8) | 203, IflaInfoData.TUNSETPERSIST);
    assertEquals((1L << 30) | (4L << 16) | ('T' << 8) | 204, IflaInfoData.TUNSETOWNER);
    assertEquals((1L << 30) | (4L << 16) | ('T' << 8) | 206, IflaInfoData.TUNSETGROUP);
  }
}
