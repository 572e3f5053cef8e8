package dev.rtnl4j.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelModulesTest {

  static ModuleSettings settings(Path sys) {
    return ModuleSettings.forRelease(DebianTree.release()).withSysModule(sys).withConfigPaths(List.of())
        .withKernelCommandLine(null);
  }

  @Test
  void namesAliasesSymbolsAndBuiltinsResolveInKmodsOrder(@TempDir Path sys) {
    DebianTree.require();
    try (KernelModules km = KernelModules.open(settings(sys))) {
      KernelModule bridge = km.lookup("bridge").get(0);
      assertEquals(DebianTree.require().resolve("kernel/net/bridge/bridge.ko"), bridge.path().orElseThrow());
      assertEquals(List.of("llc", "stp"), bridge.dependencies().stream().map(KernelModule::name).toList());
      assertEquals("dummy", km.lookup("rtnl-link-dummy").get(0).name());
      assertEquals("rtnl_link_dummy", km.lookup("rtnl-link-dummy").get(0).alias().orElseThrow(),
          "the alias as looked up: canonical");
      assertEquals("snd_pcsp", km.lookup("snd-pcsp").get(0).name());
      assertEquals("stp", km.lookup("symbol:stp_proto_register").get(0).name());
      KernelModule unix = km.lookup("unix").get(0);
      assertTrue(unix.isBuiltin() && unix.path().isEmpty());
      assertEquals(ModuleState.BUILTIN, km.state(unix));
      assertEquals(List.of("crc32c_intel", "crc32c_generic"),
          km.lookup("crypto-crc32c").stream().map(KernelModule::name).toList());
      assertEquals(List.of(), km.lookup("no-such-module"));
      assertThrows(IllegalArgumentException.class, () -> km.lookup("bad]alias"));
    }
  }

  @Test
  void stateComesFromSysModuleInitstate(@TempDir Path sys) throws IOException {
    DebianTree.require();
    Files.createDirectories(sys.resolve("veth"));
    Files.createDirectories(sys.resolve("dummy"));
    Files.writeString(sys.resolve("dummy/initstate"), "live\n");
    Files.createDirectories(sys.resolve("tun"));
    Files.writeString(sys.resolve("tun/initstate"), "going\n");
    try (KernelModules km = KernelModules.open(settings(sys))) {
      assertEquals(ModuleState.COMING, km.state(km.fromName("veth")), "a directory without initstate");
      assertEquals(ModuleState.LIVE, km.state(km.fromName("dummy")));
      assertEquals(ModuleState.GOING, km.state(km.fromName("tun")));
      assertEquals(ModuleState.ABSENT, km.state(km.fromName("bridge")));
      assertFalse(km.state(km.fromName("tun")).inKernel());
    }
  }

  @Test
  void aMissingModuleDirectoryIsAClearError() {
    KmodException e = assertThrows(KmodException.class,
        () -> KernelModules.open(ModuleSettings.forRelease("0.0.0-no-such-release")));
    assertTrue(e.getMessage().contains("/lib/modules/0.0.0-no-such-release"), e.getMessage());
  }

  @Test
  void aTreeWithoutBinaryIndexesIsReadFromItsTextFiles(@TempDir Path tmp) throws IOException {
    Path dir = DebianTree.require();
    Path tree = Files.createDirectories(tmp.resolve("lib/modules/x"));
    for (String f : List.of("modules.dep", "modules.alias", "modules.symbols", "modules.builtin", "modules.softdep",
        "modules.builtin.modinfo")) {
      Files.copy(dir.resolve(f), tree.resolve(f));
    }
    ModuleSettings text = settings(tmp.resolve("sys")).withModuleDirectory(tree);
    ModuleSettings bin = settings(tmp.resolve("sys"));
    try (KernelModules t = KernelModules.open(text); KernelModules b = KernelModules.open(bin)) {
      for (String name : List.of("bridge", "ext4", "rtnl-link-dummy", "char-major-10-200", "symbol:stp_proto_register",
          "unix", "crypto-crc32c", "uhci-hcd")) {
        String fromText = plans(t, name).replace(tree.toString(), "DIR");
        String fromBin = plans(b, name).replace(dir.toString(), "DIR");
        assertEquals(fromBin, fromText, name);
      }
    }
  }

  static String plans(KernelModules km, String name) {
    StringBuilder sb = new StringBuilder();
    for (KernelModule m : km.lookup(name)) {
      sb.append(km.plan(m, null, ProbeOptions.showDepends()).showDepends());
    }
    return sb.toString();
  }
}
