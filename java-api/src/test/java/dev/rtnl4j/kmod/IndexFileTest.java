package dev.rtnl4j.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexFileTest {

  @Test
  void everyModulesDepLineIsFoundUnderItsModuleName() throws IOException {
    Path dir = DebianTree.require();
    try (IndexFile idx = IndexFile.open(dir.resolve("modules.dep.bin"))) {
      List<String> lines = Files.readAllLines(dir.resolve("modules.dep"), StandardCharsets.ISO_8859_1);
      for (String line : lines) {
        String name = ModuleNames.fromPath(line.substring(0, line.indexOf(':')));
        assertEquals(line, idx.search(name), name);
      }
      assertNull(idx.search("no_such_module"));
      assertNull(idx.search("bridg"), "a prefix of a key is not a key");
      assertNull(idx.search("bridgee"));
    }
  }

  @Test
  void aliasIndexHoldsExactlyThePairsOfModulesAliasWithCanonicalKeys() throws IOException {
    Path dir = DebianTree.require();
    Map<String, Integer> text = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("modules.alias"), StandardCharsets.ISO_8859_1)) {
      if (line.startsWith("alias ")) {
        String[] w = line.split(" ");
        text.merge(ModuleNames.normalizeAlias(w[1]) + " " + w[2], 1, Integer::sum); // depmod canonicalises keys
      }
    }
    Map<String, Integer> bin = new HashMap<>();
    try (IndexFile idx = IndexFile.open(dir.resolve("modules.alias.bin"))) {
      idx.dump((k, v) -> bin.merge(k + " " + v, 1, Integer::sum));
    }
    assertEquals(text, bin);
  }

  @Test
  void wildcardSearchMatchesPatternKeysAndAgreesWithTheTextFallback() throws IOException {
    Path dir = DebianTree.require();
    try (IndexFile bin = IndexFile.open(dir.resolve("modules.alias.bin"))) {
      TextIndex txt = TextIndex.aliases(dir.resolve("modules.alias"));
      assertEquals(List.of("dummy"), bin.searchWild("rtnl_link_dummy"));
      assertEquals(List.of(), bin.searchWild("rtnl-link-dummy"), "keys are stored canonical: look up canonical");
      assertEquals(List.of("tun"), bin.searchWild("char_major_10_200"));
      List<String> e1000e = bin.searchWild("pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00");
      assertEquals(List.of("e1000e"), e1000e, "a pci: alias matched through * patterns");
      for (String key : List.of("rtnl_link_veth", "crypto_crc32c", "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00",
          "usb:v0BDAp8153d3000dc00dsc00dp00icFFisc00ip00in00", "fs_ext4", "net_pf_10", "nothing_here")) {
        assertEquals(new java.util.TreeSet<>(txt.searchWild(key)), new java.util.TreeSet<>(bin.searchWild(key)), key);
      }
    }
  }

  /** A minimal index: header, then a root node at offset 12. */
  static byte[] index(int rootRef, byte[]... nodes) {
    ByteBuffer b = ByteBuffer.allocate(12 + Arrays.stream(nodes).mapToInt(n -> n.length).sum());
    b.putInt(IndexFile.MAGIC).putInt(0x00020001).putInt(rootRef);
    for (byte[] n : nodes) {
      b.put(n);
    }
    return b.array();
  }

  @Test
  void aCorruptHeaderIsReportedWithTheFileAndOffset() {
    Path name = Path.of("test.bin");
    byte[] bad = index(0);
    bad[0] = 0;
    CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> IndexFile.of(name, bad));
    assertTrue(e.getMessage().contains("test.bin") && e.getMessage().contains("magic"), e.getMessage());
    byte[] version = index(0);
    version[5] = 3;
    assertThrows(CorruptIndexException.class, () -> IndexFile.of(name, version));
    assertThrows(CorruptIndexException.class, () -> IndexFile.of(name, new byte[7]));
  }

  @Test
  void offsetsPastTheEndAndCyclesGiveCorruptIndexExceptions() {
    Path name = Path.of("test.bin");
    // root points past the end of the file
    IndexFile past = IndexFile.of(name, index(IndexFile.NODE_VALUES | 500));
    CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> past.search("x"));
    assertEquals(500, e.offset());
    // a node whose '*' child is itself: a wildcard search would recurse for ever
    int self = IndexFile.NODE_CHILDS | 12;
    byte[] node = ByteBuffer.allocate(6).put((byte) '*').put((byte) '*').putInt(self).array();
    IndexFile cycle = IndexFile.of(name, index(self, node));
    assertThrows(CorruptIndexException.class, () -> cycle.searchWild("abc"));
    assertThrows(CorruptIndexException.class, () -> cycle.dump((k, v) -> { }));
    // a string without its NUL
    IndexFile unterminated = IndexFile.of(name, index(IndexFile.NODE_PREFIX | 12, "abc".getBytes(StandardCharsets.US_ASCII)));
    assertThrows(CorruptIndexException.class, () -> unterminated.search("abc"));
    // a value count that cannot fit
    byte[] values = ByteBuffer.allocate(4).putInt(1_000_000).array();
    IndexFile count = IndexFile.of(name, index(IndexFile.NODE_VALUES | 12, values));
    assertThrows(CorruptIndexException.class, () -> count.searchWild(""));
  }

  @Test
  void randomlyDamagedIndexesFailOnlyWithCorruptIndexException() throws IOException {
    Path dir = DebianTree.require();
    byte[] good = Files.readAllBytes(dir.resolve("modules.builtin.alias.bin"));
    Random r = new Random(0xB007F457L);
    int corrupt = 0;
    for (int round = 0; round < 300; round++) {
      byte[] b = good.clone();
      for (int k = 0; k < 4; k++) {
        b[12 + r.nextInt(b.length - 12)] = (byte) r.nextInt(256);
      }
      if (round % 10 == 0) {
        b = Arrays.copyOf(b, 12 + r.nextInt(b.length - 12));
      }
      IndexFile idx = IndexFile.of(Path.of("damaged.bin"), b);
      try {
        idx.search("platform:acpi-cpufreq");
        idx.searchWild("pci:v00008086d00001234sv*");
        idx.dump((k, v) -> { });
      } catch (CorruptIndexException expected) {
        corrupt++;
      }
    }
    assertTrue(corrupt > 0, "some damage was detected");
  }

  @Test
  void textFallbackFindsTheSameDependencyLinesAsTheBinaryIndex() throws IOException {
    Path dir = DebianTree.require();
    TextIndex txt = TextIndex.dependencies(dir.resolve("modules.dep"));
    try (IndexFile bin = IndexFile.open(dir.resolve("modules.dep.bin"))) {
      List<String> names = new ArrayList<>();
      txt.dump((k, v) -> names.add(k));
      assertTrue(names.size() > 4000);
      for (String n : names) {
        assertEquals(bin.search(n), txt.search(n), n);
      }
    }
    TextIndex builtin = TextIndex.builtin(dir.resolve("modules.builtin"));
    try (IndexFile bin = IndexFile.open(dir.resolve("modules.builtin.bin"))) {
      builtin.dump((k, v) -> assertEquals(k, bin.search(k) == null ? null : k, k));
    }
  }
}
