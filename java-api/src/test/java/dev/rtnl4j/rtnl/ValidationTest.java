package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.codec.Rtm;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Input the kernel would refuse is refused before it is sent, with a message saying why. */
class ValidationTest {
  private static InetAddress ip(String s) {
    return Literal.ip(s);
  }

  private static String refusal(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void interfaceNameLongerThanFifteenBytesIsRefused() {
    String m = refusal(() -> LinkSpec.builder("sixteen-chars-xx", Bridge.defaults()).build());
    assertTrue(m.contains("16 bytes long; the kernel allows at most 15"), m);
    assertEquals("fifteen-chars-x", LinkSpec.builder("fifteen-chars-x", Bridge.defaults()).build().name());
    // bytes, not characters: 8 two-byte characters are 16 bytes
    assertTrue(refusal(() -> LinkRef.name("éééééééé")).contains("16 bytes"));
  }

  @Test
  void interfaceNameWithSlashColonOrWhitespaceIsRefused() {
    assertTrue(refusal(() -> LinkRef.name("a/b")).contains("'/' at position 1"));
    assertTrue(refusal(() -> LinkRef.name("eth0:1")).contains("':' at position 4"));
    assertTrue(refusal(() -> LinkRef.name("a b")).contains("whitespace at position 1"));
    assertTrue(refusal(() -> LinkRef.name("a\tb")).contains("whitespace"));
    assertTrue(refusal(() -> VethPeer.named("")).contains("empty"));
    assertTrue(refusal(() -> LinkRef.name("..")).contains("not allowed"));
    assertTrue(refusal(() -> new LinkChange(null, null, null, "x/y", null, null, null, null, null)).contains("'/'"));
  }

  @Test
  void altNameMayBeLongButNotBeyond127Bytes() {
    assertEquals(127, Validate.altName("a".repeat(127)).length());
    assertTrue(refusal(() -> Validate.altName("a".repeat(128))).contains("at most 127"));
  }

  @Test
  void prefixLengthOutOfRangeIsRefused() {
    assertTrue(refusal(() -> AddressSpec.of(1, ip("10.0.0.1"), 33)).contains("prefix length 33 is out of range"));
    assertTrue(refusal(() -> AddressSpec.of(1, ip("2001:db8::1"), 129)).contains("0..128"));
    assertTrue(refusal(() -> AddressSpec.of(1, ip("10.0.0.1"), -1)).contains("out of range"));
    assertTrue(refusal(() -> RouteSpec.to(ip("10.0.0.0"), 40).dev(1).build()).contains("out of range"));
  }

  @Test
  void mixedAddressFamiliesAreRefused() {
    assertTrue(refusal(() -> AddressSpec.of(1, ip("10.0.0.1"), 24).withPeer(ip("2001:db8::1")))
        .contains("must not be mixed"));
    assertTrue(refusal(() -> RouteSpec.to(ip("10.0.0.0"), 8).via(ip("2001:db8::1")).build()).contains("must not be mixed"));
    assertTrue(refusal(() -> RouteSpec.defaultRoute(Rtm.AF_INET6).via(ip("10.0.0.1")).build()).contains("must not be mixed"));
    assertTrue(refusal(() -> RouteSpec.to(ip("10.0.0.0"), 8)
        .nexthops(List.of(Nexthop.via(ip("2001:db8::1"), 1))).build()).contains("must not be mixed"));
    assertTrue(refusal(() -> AddressSpec.of(1, ip("2001:db8::1"), 64).withBroadcast(ip("2001:db8::ff")))
        .contains("no broadcast"));
  }

  @Test
  void routesThatCannotWorkAreRefused() {
    assertTrue(refusal(() -> RouteSpec.to(ip("10.0.0.0"), 8).build()).contains("needs a gateway, an output link or next hops"));
    assertTrue(refusal(() -> RouteSpec.to(ip("10.0.0.0"), 8).type(RouteType.BLACKHOLE).dev(3).build()).contains("take no gateway"));
    assertTrue(refusal(() -> RouteSpec.to(ip("10.0.0.0"), 8).via(ip("10.0.0.1")).table(0).build()).contains("table 0"));
    assertTrue(refusal(() -> Nexthop.via(ip("10.0.0.1"), 1).withWeight(257)).contains("1..256"));
  }

  @Test
  void renamingByNameIsRefusedBecauseTheKernelWouldReadItAsTheLookupKey() {
    assertTrue(refusal(() -> Links.changeRequest(LinkRef.name("a"), LinkChange.none().rename("b"))).contains("needs the link's index"));
  }

  @Test
  void otherNumbersOutOfRangeAreRefused() {
    assertTrue(refusal(() -> LinkRef.index(0)).contains("must be positive"));
    assertTrue(refusal(() -> LinkSpec.builder("x", Bridge.defaults()).mtu(0).build()).contains("MTU 0"));
    assertTrue(refusal(() -> AddressSpec.of(1, ip("10.0.0.1"), 8).withLifetimes(10, 20)).contains("exceeds the valid lifetime"));
    assertTrue(refusal(() -> MacAddress.parse("02:00:zz:00:00:01")).contains("byte 3"));
    assertTrue(refusal(() -> AddressSpec.of(1, ip("10.0.0.1"), 8).withLabel("x".repeat(16))).contains("1 to 15 bytes"));
  }
}
