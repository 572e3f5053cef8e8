package dev.rtnl4j.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelConfigTest {
  static final KernelConfig CONFIG = KernelConfig.parse(Path.of("test"), """
      CONFIG_MODULES=y
      CONFIG_BRIDGE=m
      # CONFIG_DUMMY is not set
      CONFIG_HZ=250
      CONFIG_LOCALVERSION="-rtnl4j"
      """);

  @Test
  void optionsReadAsNixosKernelConfigReadsThem() {
    assertTrue(CONFIG.isYes("MODULES"));
    assertTrue(CONFIG.isModule("CONFIG_BRIDGE"));
    assertTrue(CONFIG.isEnabled("BRIDGE") && CONFIG.isEnabled("MODULES"));
    assertTrue(CONFIG.isNo("DUMMY") && CONFIG.isDisabled("DUMMY"));
    assertTrue(CONFIG.isDisabled("VETH") && !CONFIG.isNo("VETH"), "absent is disabled but not 'no'");
    assertEquals("250", CONFIG.value("HZ").orElseThrow());
    assertEquals("-rtnl4j", CONFIG.value("LOCALVERSION").orElseThrow());
  }

  @Test
  void requirementsSayWhatIsWrong() {
    List<KernelConfig.Requirement> req = List.of(KernelConfig.Requirement.parse("CONFIG_BRIDGE=m"),
        KernelConfig.Requirement.parse("CONFIG_BRIDGE=y"), KernelConfig.Requirement.parse("VETH"),
        KernelConfig.Requirement.parse("CONFIG_DUMMY=n"), KernelConfig.Requirement.parse("VETH=n"),
        KernelConfig.Requirement.parse("VETH=no"));
    assertEquals(List.of(req.get(1), req.get(2), req.get(5)), CONFIG.unmet(req));
    assertEquals("CONFIG_BRIDGE is m, not y", req.get(1).describe(CONFIG));
    assertEquals("CONFIG_VETH is not set, not y or m", req.get(2).describe(CONFIG));
    assertThrows(IllegalArgumentException.class, () -> KernelConfig.Requirement.parse("CONFIG_X=maybe"));
  }

  @Test
  void debiansKernelConfigurationIsReadFromBoot() {
    Require.that(Files.exists(Path.of("/boot/config-" + DebianTree.release())), "/boot/config-" + DebianTree.release()
        + " is missing: install the Debian package linux-image-amd64");
    KernelConfig c = KernelConfig.forRelease(DebianTree.release());
    assertTrue(c.isModule("BRIDGE") && c.isModule("VETH") && c.isModule("DUMMY") && c.isYes("MODULES"));
    assertTrue(c.isYes("MODULE_COMPRESS_NONE"), "Debian 6.1 ships uncompressed modules");
    assertFalse(c.isEnabled("MODULE_DECOMPRESS"), "and its kernel cannot decompress them");
  }
}
