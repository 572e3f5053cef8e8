package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InterfaceNamesTest {

  @Test
  void sipHashMatchesTheReferenceVectors() {
    // SipHash-2-4 paper, appendix A: key 00..0f, message 00..0e -> a129ca6149be45e5
    byte[] key = new byte[16];
    for (int i = 0; i < 16; i++) {
      key[i] = (byte) i;
    }
    byte[] msg = new byte[15];
    for (int i = 0; i < 15; i++) {
      msg[i] = (byte) i;
    }
    assertEquals(0xa129ca6149be45e5L, SipHash24.hash(msg, key));
    // the reference vectors.h: empty message -> 0x726fdb47dd0e0e31, 8 bytes 00..07 -> 0x93f5f5799a932462
    assertEquals(0x726fdb47dd0e0e31L, SipHash24.hash(new byte[0], key));
    byte[] eight = {0, 1, 2, 3, 4, 5, 6, 7};
    assertEquals(0x93f5f5799a932462L, SipHash24.hash(eight, key));
  }

  @Test
  void longNamesAreShortenedExactlyAsSystemdNspawn252Does() {
    // Observed here with systemd-nspawn 252 --network-veth -M <name>: the host link's name.
    assertEquals("ve-averyverUARo", InterfaceNames.shorten("ve-averyveryverylongname"));
    assertEquals("ve-webserveXPr4", InterfaceNames.shorten("ve-webserver-production-01"));
    assertEquals("ve-abcdefghyhe5", InterfaceNames.shorten("ve-abcdefghijklm"));
  }

  @Test
  void namesThatFitAreKept() {
    assertEquals("ve-abcdefghijkl", InterfaceNames.shorten("ve-abcdefghijkl"));
    assertEquals("vb-web", InterfaceNames.shorten("vb-web"));
  }

  @Test
  void macsAreTheOnesSystemdNspawnGeneratesForAMachineId() {
    // Observed with systemd-nspawn 252 on a machine with /etc/machine-id 3d1219c7c4c5404aaa1f6d2a48adfda4.
    byte[] id = java.util.HexFormat.of().parseHex("3d1219c7c4c5404aaa1f6d2a48adfda4");
    assertEquals("ae:af:3f:2b:54:99", mac(id, "webserver-production-01", InterfaceNames.HOST_KEY));
    assertEquals("aa:a8:da:0d:05:05", mac(id, "webserver-production-01", InterfaceNames.CONTAINER_KEY));
    assertEquals("d2:d2:c3:79:a8:e5", mac(id, "abcdefghijkl", InterfaceNames.HOST_KEY));
    assertEquals("06:00:8e:54:18:13", mac(id, "abcdefghijkl", InterfaceNames.CONTAINER_KEY));
  }

  private static String mac(byte[] id, String name, byte[] key) {
    return InterfaceNames.macText(InterfaceNames.generateMac(id, name, key, 0));
  }

  @Test
  void generatedMacsAreUnicastAndLocallyAdministered() {
    for (String n : new String[] {"a", "web", "x".repeat(64)}) {
      byte[] mac = InterfaceNames.containerMac(n);
      assertEquals(0, mac[0] & 1, n);
      assertEquals(2, mac[0] & 2, n);
    }
  }

  @Test
  void interfaceNameRulesAreTheKernels() {
    assertNull(InterfaceNames.problem("eth0"));
    assertNull(InterfaceNames.problem("a".repeat(15)));
    assertTrue(InterfaceNames.problem("a".repeat(16)).contains("longer than 15"));
    assertTrue(InterfaceNames.problem("a:b").contains("':'"));
    assertTrue(InterfaceNames.problem("a/b").contains("'/'"));
    assertTrue(InterfaceNames.problem("a b").contains("' '"));
    assertTrue(InterfaceNames.problem("..").contains("not an interface name"));
    assertTrue(InterfaceNames.problem("").contains("empty"));
    assertEquals(15, InterfaceNames.shorten("ve-" + "x".repeat(40)).getBytes(StandardCharsets.UTF_8).length);
  }
}
