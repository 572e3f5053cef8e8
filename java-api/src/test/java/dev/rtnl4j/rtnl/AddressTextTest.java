package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet6Address;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class AddressTextTest {

  private static String text(String literal) {
    return AddressText.of(Literal.ip(literal));
  }

  @Test
  void ipv4IsDotted() {
    assertEquals("10.231.0.1", text("10.231.0.1"));
  }

  @Test
  void theLongestRunOfZeroGroupsBecomesADoubleColonAndTheFirstWinsATie() {
    assertEquals("fd00::1", text("fd00:0:0:0:0:0:0:1"));
    assertEquals("::", text("0:0:0:0:0:0:0:0"));
    assertEquals("::1", text("::1"));
    assertEquals("fe80::", text("fe80:0:0:0:0:0:0:0"));
    assertEquals("1:0:0:2::3", text("1:0:0:2:0:0:0:3"));
    assertEquals("1::2:0:0:3:4", text("1:0:0:2:0:0:3:4"));
    assertEquals("2001:db8::1:0:0:1", text("2001:db8:0:0:1:0:0:1"));
  }

  @Test
  void aSingleZeroGroupStaysAZeroAndHexIsLowerCaseWithoutLeadingZeros() {
    assertEquals("2001:db8:0:1:1:1:1:1", text("2001:0DB8:0000:0001:0001:0001:0001:0001"));
  }

  @Test
  void aV4MappedAddressEndsInDottedQuad() throws UnknownHostException {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 10;
    mapped[15] = 7;
    assertEquals("::ffff:10.0.0.7", AddressText.of(Inet6Address.getByAddress(null, mapped, -1)));
  }

  @Test
  void theScopeIdIsNotPrinted() throws UnknownHostException {
    byte[] linkLocal = Literal.ip("fe80::1").getAddress();
    assertEquals("fe80::1", AddressText.of(Inet6Address.getByAddress(null, linkLocal, 3)));
  }

  @Test
  void noAddressIsAnError() {
    assertThrows(NullPointerException.class, () -> AddressText.of(null));
  }
}
