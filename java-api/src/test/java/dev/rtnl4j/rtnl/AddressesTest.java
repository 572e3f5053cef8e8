package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtnl4j.codec.Ifa;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.KernelException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Addresses against the real kernel, read back by rtnl4j and by {@code ip -j addr}. */
class AddressesTest {
  private Rtnl rtnl;
  private int dev;

  @BeforeEach
  void open() {
    Sandbox.require();
    rtnl = Rtnl.open();
    rtnl.links().create(LinkSpec.builder("ad0", Veth.withPeer(VethPeer.named("ad0p"))).index(77).up().build());
    rtnl.links().setUp(LinkRef.name("ad0p"));
    dev = 77;
  }

  @AfterEach
  void close() {
    rtnl.links().delete(LinkRef.index(77));
    rtnl.close();
  }

  private static InetAddress ip(String s) {
    return Literal.ip(s);
  }

  private JsonNode ipAddr(String local) {
    for (JsonNode info : Ip.json("addr", "show", "dev", "ad0").get(0).get("addr_info")) {
      if (info.get("local").asText().equals(local)) {
        return info;
      }
    }
    return null;
  }

  private Address find(String local) {
    return rtnl.addresses().list(Rtm.AF_UNSPEC, dev).stream()
        .filter(a -> a.ip().getHostAddress().equals(ip(local).getHostAddress())).findFirst().orElse(null);
  }

  @Test
  void ipv4AddressWithBroadcastLabelAndScope() {
    rtnl.addresses().add(AddressSpec.of(dev, ip("192.0.2.1"), 24).withBroadcast(ip("192.0.2.255"))
        .withLabel("ad0:web").withScope(Rtm.RT_SCOPE_LINK));
    Address a = find("192.0.2.1");
    assertNotNull(a);
    assertEquals(24, a.prefixLength());
    assertEquals(ip("192.0.2.255"), a.broadcast());
    assertEquals("ad0:web", a.label());
    assertEquals(Rtm.RT_SCOPE_LINK, a.scope());
    assertEquals(77, a.linkIndex());
    JsonNode w = ipAddr("192.0.2.1");
    assertEquals(24, w.get("prefixlen").asInt());
    assertEquals("192.0.2.255", w.get("broadcast").asText());
    assertEquals("ad0:web", w.get("label").asText());
    assertEquals("link", w.get("scope").asText());
  }

  @Test
  void ipv6AddressWithoutDadAndPrefixRouteAndWithLifetimes() {
    rtnl.addresses().add(AddressSpec.of(dev, ip("2001:db8::1"), 64).noDad().noPrefixRoute().withLifetimes(3600, 1800));
    Address a = find("2001:db8::1");
    assertNotNull(a);
    assertTrue((a.flags() & Ifa.IFA_F_NODAD) != 0);
    assertTrue((a.flags() & Ifa.IFA_F_NOPREFIXROUTE) != 0);
    assertTrue(a.lifetime().valid() <= 3600 && a.lifetime().valid() > 3500, a.lifetime().toString());
    assertTrue(a.lifetime().preferred() <= 1800 && a.lifetime().preferred() > 1700, a.lifetime().toString());
    JsonNode w = ipAddr("2001:db8::1");
    assertTrue(w.get("nodad").asBoolean());
    assertTrue(w.get("noprefixroute").asBoolean());
    assertTrue(w.get("valid_life_time").asLong() <= 3600);
    // no prefix route: the kernel did not add 2001:db8::/64
    boolean prefixRoute = rtnl.routes().list(Rtm.AF_INET6, Rtm.RT_TABLE_MAIN).stream()
        .anyMatch(r -> r.destination() != null && r.destination().equals(ip("2001:db8::")) && r.prefixLength() == 64);
    assertTrue(!prefixRoute, "IFA_F_NOPREFIXROUTE must suppress the prefix route");
  }

  @Test
  void replaceChangesAndDeleteRemovesAnAddress() {
    rtnl.addresses().add(AddressSpec.of(dev, ip("198.51.100.7"), 24));
    KernelException dup = assertThrows(KernelException.class, () -> rtnl.addresses().add(AddressSpec.of(dev, ip("198.51.100.7"), 24)));
    assertEquals("EEXIST", dup.errnoName());
    assertTrue(dup.operation().contains("add address 198.51.100.7/24 to link 77"), dup.operation());
    rtnl.addresses().replace(AddressSpec.of(dev, ip("198.51.100.7"), 24).withLifetimes(100, 50));
    assertTrue(find("198.51.100.7").lifetime().valid() <= 100);
    assertTrue(ipAddr("198.51.100.7").get("valid_life_time").asLong() <= 100);
    rtnl.addresses().delete(AddressSpec.of(dev, ip("198.51.100.7"), 24));
    assertEquals(null, find("198.51.100.7"));
    assertEquals(null, ipAddr("198.51.100.7"));
    KernelException gone = assertThrows(KernelException.class, () -> rtnl.addresses().delete(AddressSpec.of(dev, ip("198.51.100.7"), 24)));
    assertEquals("EADDRNOTAVAIL", gone.errnoName());
  }

  @Test
  void listIsFilteredByFamilyAndLink() {
    rtnl.addresses().add(AddressSpec.of(dev, ip("203.0.113.9"), 32));
    rtnl.addresses().add(AddressSpec.of(dev, ip("2001:db8:1::9"), 128).noDad());
    List<Address> v4 = rtnl.addresses().list(Rtm.AF_INET, dev);
    assertEquals(List.of("203.0.113.9/32"), v4.stream().map(Address::text).toList());
    assertTrue(rtnl.addresses().list(Rtm.AF_INET6, dev).stream().anyMatch(a -> a.text().equals("2001:db8:1:0:0:0:0:9/128")));
    assertTrue(rtnl.addresses().list(Rtm.AF_INET, 1).stream().allMatch(a -> a.linkIndex() == 1));
    assertEquals(1, Ip.json("-4", "addr", "show", "dev", "ad0").get(0).get("addr_info").size());
  }
}
