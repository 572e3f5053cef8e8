package dev.rtnl4j.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkKindModulesTest {
  @Test
  void kindsResolveThroughTheAliasesTheKernelRequests() {
    assertEquals("rtnl-link-veth", LinkKindModules.alias("veth"));
    assertEquals("char-major-10-200", LinkKindModules.alias("tap"));
    assertEquals("CONFIG_VLAN_8021Q", LinkKindModules.configOption("vlan"));
  }

  @Test
  void preloadLoadsEachKindsModulesAndReportsPerKind(@TempDir Path sys) {
    DebianTree.require();
    ModuleLoaderTest.RecordingSyscalls rec = new ModuleLoaderTest.RecordingSyscalls();
    try (KernelModules km = KernelModules.open(KernelModulesTest.settings(sys))) {
      List<LinkKindModules.KindReport> r = LinkKindModules.preload(new ModuleLoader(km, rec),
          List.of("veth", "bridge", "tun", "tap", "vlan", "nosuchkind"));
      assertEquals(List.of("veth", "bridge", "tun", "tap", "vlan", "nosuchkind"),
          r.stream().map(LinkKindModules.KindReport::kind).toList());
      assertEquals(LinkKindModules.Status.LOADED, r.get(0).status(), r.get(0).toString());
      // bridge and vlan (8021q) both need llc and are loaded in parallel: one loads it, the other finds it live
      assertTrue(r.get(1).detail().matches("llc: (loaded \\(finit_module\\)|already live); stp: .*"), r.get(1).detail());
      assertEquals(1, rec.calls.stream().filter(c -> c.startsWith("finit llc ")).count(), "llc loaded once: " + rec.calls);
      assertEquals(LinkKindModules.Status.NOT_AVAILABLE, r.get(5).status());
      assertTrue(r.get(5).detail().contains("not found"), r.get(5).detail());
      assertEquals(1, rec.calls.stream().filter(c -> c.startsWith("finit tun ")).count(), "tun and tap share tun");
      assertTrue(rec.calls.contains("finit 8021q [] 0") || rec.calls.stream().anyMatch(c -> c.startsWith("finit 8021q")));
    }
  }

  @Test
  void withoutAModuleTreeTheKernelConfigurationSaysWhatIsBuiltIn() {
    String release = ModuleSettings.runningRelease();
    Require.that(!Files.exists(Path.of("/lib/modules", release)) && Files.exists(KernelConfig.PROC_CONFIG),
        "needs a running kernel without a module tree and with /proc/config.gz (this machine's 6.18)");
    KernelConfig cfg = KernelConfig.running();
    List<LinkKindModules.KindReport> r = LinkKindModules.preload(ModuleSettings.system(), List.of("veth", "dummy"));
    assertEquals(cfg.isYes("VETH") ? LinkKindModules.Status.BUILT_IN : LinkKindModules.Status.NOT_AVAILABLE,
        r.get(0).status(), r.get(0).toString());
    assertEquals(cfg.isYes("DUMMY") ? LinkKindModules.Status.BUILT_IN : LinkKindModules.Status.NOT_AVAILABLE,
        r.get(1).status(), r.get(1).toString());
    assertTrue(r.get(1).detail().contains("CONFIG_DUMMY"), r.get(1).detail());
  }
}
