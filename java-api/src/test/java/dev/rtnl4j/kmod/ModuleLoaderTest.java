package dev.rtnl4j.kmod;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.Syscalls;
import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's decisions, against Debian's module tree, with the module system calls recorded
 * (this machine's kernel has no module support; the guest test ModuleLoaderVmTest loads for real).
 */
class ModuleLoaderTest {
  /** Records the calls and answers from a table (default 0). */
  static final class RecordingSyscalls implements ModuleSyscalls {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Integer> finitAnswers = new HashMap<>();
    final Map<String, Integer> initAnswers = new HashMap<>();
    final Map<Integer, String> fds = new HashMap<>();
    byte[] lastImage;
    int nextFd = 100;

    @Override
    public synchronized int open(String path) {
      fds.put(nextFd, path);
      return nextFd++;
    }

    @Override
    public synchronized int finitModule(int fd, String params, int flags) {
      String name = ModuleNames.fromPath(fds.get(fd));
      calls.add("finit " + name + " [" + params + "] " + flags);
      return finitAnswers.getOrDefault(name, 0);
    }

    @Override
    public synchronized int initModule(ByteBuffer image, String params) {
      assertTrue(image.isDirect(), "init_module's image is a direct buffer");
      lastImage = new byte[image.remaining()];
      image.get(image.position(), lastImage);
      calls.add("init " + image.remaining() + " [" + params + "]");
      return initAnswers.getOrDefault("*", 0);
    }

    @Override
    public int close(int fd) {
      return 0;
    }
  }

  static ModuleSettings settings(Path sys) {
    return ModuleSettings.forRelease(DebianTree.release()).withSysModule(sys).withConfigPaths(List.of())
        .withKernelCommandLine(null);
  }

  @Test
  void aPlanLoadsDependenciesFirstWithFinitModuleAndItsParameters(@TempDir Path sys) {
    DebianTree.require();
    RecordingSyscalls rec = new RecordingSyscalls();
    try (KernelModules km = KernelModules.open(settings(sys))) {
      ModuleLoader loader = new ModuleLoader(km, rec);
      List<LoadOutcome> out = new ArrayList<>();
      int err = loader.execute(km.plan(km.lookup("bridge").get(0), "x=1", ProbeOptions.modprobe()),
          ProbeOptions.modprobe(), out);
      assertEquals(0, err);
      assertEquals(List.of("finit llc [] 0", "finit stp [] 0", "finit bridge [x=1] 0"), rec.calls);
      assertEquals(List.of("llc", "stp", "bridge"), out.stream().map(LoadOutcome::module).toList());
      out.forEach(o -> assertInstanceOf(LoadOutcome.Loaded.class, o));
    }
  }

  @Test
  void liveModulesAreSkippedAndEexistIsSuccess(@TempDir Path sys) throws IOException {
    DebianTree.require();
    Files.createDirectories(sys.resolve("llc"));
    Files.writeString(sys.resolve("llc/initstate"), "live\n");
    RecordingSyscalls rec = new RecordingSyscalls();
    rec.finitAnswers.put("stp", -Errno.EEXIST);
    try (KernelModules km = KernelModules.open(settings(sys))) {
      List<LoadOutcome> out = new ArrayList<>();
      int err = new ModuleLoader(km, rec).execute(km.plan(km.lookup("bridge").get(0), null,
          ProbeOptions.modprobe()), ProbeOptions.modprobe(), out);
      assertEquals(0, err);
      assertEquals(List.of("finit stp [] 0", "finit bridge [] 0"), rec.calls);
      assertInstanceOf(LoadOutcome.AlreadyLive.class, out.get(0));
      assertInstanceOf(LoadOutcome.AlreadyLive.class, out.get(1), "EEXIST: loaded meanwhile");
      Files.writeString(sys.resolve("llc/initstate"), "live\n");
      Files.createDirectories(sys.resolve("bridge"));
      Files.writeString(sys.resolve("bridge/initstate"), "live\n");
      assertEquals(ProbePlan.Outcome.ALREADY_IN_KERNEL,
          km.plan(km.lookup("bridge").get(0), null, ProbeOptions.modprobe()).outcome());
    }
  }

  @Test
  void aFailingRequiredModuleStopsThePlanAndAFailingSoftdepDoesNot(@TempDir Path sys, @TempDir Path conf)
      throws IOException {
    DebianTree.require();
    Files.writeString(conf.resolve("s.conf"), "softdep veth pre: dummy\n");
    RecordingSyscalls rec = new RecordingSyscalls();
    rec.finitAnswers.put("dummy", -Errno.ENOEXEC);
    rec.finitAnswers.put("stp", -Errno.ENOEXEC);
    try (KernelModules km = KernelModules.open(settings(sys).withConfigPaths(List.of(conf)))) {
      ModuleLoader loader = new ModuleLoader(km, rec);
      List<LoadOutcome> veth = new ArrayList<>();
      assertEquals(0, loader.execute(km.plan(km.lookup("veth").get(0), null, ProbeOptions.modprobe()),
          ProbeOptions.modprobe(), veth));
      assertInstanceOf(LoadOutcome.Failed.class, veth.get(0));
      assertEquals("ENOEXEC", ((LoadOutcome.Failed) veth.get(0)).errnoName());
      assertInstanceOf(LoadOutcome.Loaded.class, veth.get(1), "veth loads though its softdep failed");
      rec.calls.clear();
      List<LoadOutcome> bridge = new ArrayList<>();
      assertEquals(-Errno.ENOEXEC, loader.execute(km.plan(km.lookup("bridge").get(0), null,
          ProbeOptions.modprobe()), ProbeOptions.modprobe(), bridge));
      assertEquals(List.of("finit llc [] 0", "finit stp [] 0"), rec.calls, "bridge is not tried after stp failed");
      LoadOutcome.Skipped skipped = assertInstanceOf(LoadOutcome.Skipped.class, bridge.get(bridge.size() - 1));
      assertEquals("bridge", skipped.module());
      assertEquals("stp failed to load", skipped.reason());
    }
  }

  @Test
  void strictLoadingStopsAfterAFailureAndTolerantLoadingTriesEverything(@TempDir Path sys) {
    DebianTree.require();
    RecordingSyscalls rec = new RecordingSyscalls();
    rec.finitAnswers.put("dummy", -Errno.EPERM);
    try (KernelModules km = KernelModules.open(settings(sys))) {
      ModuleLoader loader = new ModuleLoader(km, rec);
      LoadReport tolerant = loader.load(List.of("dummy", "veth", "no-such-module", "bridge", "macvlan"),
          ProbeOptions.modprobe(), LoadPolicy.TOLERANT);
      assertFalse(tolerant.success());
      assertEquals(1, tolerant.exitStatus());
      assertEquals(2, tolerant.failures().size(), tolerant.failures().toString());
      List<LoadOutcome> macvlan = tolerant.outcomes().get("macvlan");
      assertInstanceOf(LoadOutcome.Loaded.class, macvlan.get(macvlan.size() - 1));
      assertInstanceOf(LoadOutcome.NotAvailable.class, tolerant.outcomes().get("no-such-module").get(0));

      RecordingSyscalls rec2 = new RecordingSyscalls();
      rec2.finitAnswers.put("llc", -Errno.EPERM);
      LoadReport strict = new ModuleLoader(km, rec2).load(List.of("bridge"), ProbeOptions.modprobe(), LoadPolicy.STRICT);
      assertEquals(List.of("finit llc [] 0"), rec2.calls);
      assertFalse(strict.success());
    }
  }

  @Test
  void modulesSharedByParallelPlansAreLoadedOnce(@TempDir Path sys) {
    DebianTree.require();
    RecordingSyscalls rec = new RecordingSyscalls();
    try (KernelModules km = KernelModules.open(settings(sys))) {
      // bridge and br_netfilter both need llc and stp
      LoadReport r = new ModuleLoader(km, rec).load(List.of("bridge", "br_netfilter", "veth", "macvlan", "tun"),
          ProbeOptions.modprobe(), LoadPolicy.STRICT);
      assertTrue(r.success(), r.failures().toString());
      assertEquals(1, rec.calls.stream().filter(c -> c.startsWith("finit llc ")).count(), rec.calls.toString());
      assertEquals(1, rec.calls.stream().filter(c -> c.startsWith("finit stp ")).count(), rec.calls.toString());
      assertEquals(1, rec.calls.stream().filter(c -> c.startsWith("finit bridge ")).count(), rec.calls.toString());
      assertTrue(rec.calls.indexOf("finit llc [] 0") < rec.calls.indexOf("finit bridge [] 0"));
    }
  }

  static byte[] gzip(byte[] b) throws IOException {
    var bo = new java.io.ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(bo)) {
      o.write(b);
    }
    return bo.toByteArray();
  }

  @Test
  void compressedModulesGoToTheKernelOnlyWhenItDecompressesTheirAlgorithm(@TempDir Path sys, @TempDir Path tmp)
      throws IOException {
    Path dir = DebianTree.require();
    byte[] plain = Files.readAllBytes(dir.resolve("kernel/drivers/net/veth.ko"));
    Path gz = tmp.resolve("veth.ko.gz");
    Files.write(gz, gzip(plain));
    RecordingSyscalls rec = new RecordingSyscalls();
    try (KernelModules km = KernelModules.open(settings(sys))) {
      ModuleLoader loader = new ModuleLoader(km, rec);
      // No /sys/module/compression: decompress here, init_module with the plain image.
      LoadOutcome.Loaded l = assertInstanceOf(LoadOutcome.Loaded.class, loader.loadFile(gz, "a=1"));
      assertEquals("init_module (gzip, decompressed in user space)", l.how());
      assertEquals(List.of("init " + plain.length + " [a=1]"), rec.calls);
      assertArrayEquals(plain, rec.lastImage);
      // The kernel says it decompresses gzip: finit_module with MODULE_INIT_COMPRESSED_FILE.
      Files.writeString(sys.resolve("compression"), "gzip\n");
      rec.calls.clear();
      l = assertInstanceOf(LoadOutcome.Loaded.class, loader.loadFile(gz, ""));
      assertEquals(List.of("finit veth [] " + Syscalls.MODULE_INIT_COMPRESSED_FILE), rec.calls);
      assertTrue(l.how().contains("decompressed by the kernel"), l.how());
      // It decompresses zstd only: gzip is ours again.
      Files.writeString(sys.resolve("compression"), "zstd\n");
      rec.calls.clear();
      loader.loadFile(gz, "");
      assertEquals(List.of("init " + plain.length + " []"), rec.calls);
    }
  }

  @Test
  void xzAndZstdModulesMadeByTheToolsDecompressToTheOriginal(@TempDir Path tmp) throws Exception {
    Path dir = DebianTree.require();
    Path ko = dir.resolve("kernel/drivers/net/dummy.ko");
    byte[] plain = Files.readAllBytes(ko);
    for (String[] tool : new String[][] {{"/usr/bin/xz", "xz-utils", "xz"}, {"/usr/bin/zstd", "zstd", "zst"},
        {"/usr/bin/gzip", "gzip", "gz"}}) {
      Require.tool(tool[0], tool[1]);
      Path out = tmp.resolve("dummy.ko." + tool[2]);
      Process p = new ProcessBuilder(List.of(tool[0], "-c", ko.toString())).redirectOutput(out.toFile()).start();
      assertEquals(0, p.waitFor());
      byte[] head = Files.readAllBytes(out);
      Compression c = Compression.detect(head, head.length);
      assertEquals(switch (tool[2]) {
        case "xz" -> Compression.XZ;
        case "zst" -> Compression.ZSTD;
        default -> Compression.GZIP;
      }, c, "magic of " + out);
      assertArrayEquals(plain, Decompressors.decompress(out, c), tool[0]);
    }
  }

  @Test
  void thisKernelWithoutModuleSupportAnswersEnosysToTheRealSystemCalls() {
    Path dir = DebianTree.require();
    Require.that(!Files.exists(Path.of("/proc/modules")), "this test is about a kernel without module support");
    Require.realRoot();
    try (KernelModules km = KernelModules.open(settings(Path.of("/sys/module")))) {
      LoadOutcome o = new ModuleLoader(km).loadFile(dir.resolve("kernel/drivers/net/veth.ko"), "");
      LoadOutcome.NotAvailable na = assertInstanceOf(LoadOutcome.NotAvailable.class, o);
      assertEquals("this kernel has no module support", na.reason());
    }
  }

  @Test
  void installCommandsRunThroughTheShellOnlyBecauseTheConfigurationSaysSo(@TempDir Path sys, @TempDir Path conf)
      throws IOException {
    DebianTree.require();
    Path marker = conf.resolve("ran");
    Files.writeString(conf.resolve("i.conf"), "install veth echo \"$MODPROBE_MODULE $CMDLINE_OPTS\" > " + marker + "\n"
        + "options veth p=1\n");
    RecordingSyscalls rec = new RecordingSyscalls();
    try (KernelModules km = KernelModules.open(settings(sys).withConfigPaths(List.of(conf)))) {
      List<LoadOutcome> out = new ArrayList<>();
      assertEquals(0, new ModuleLoader(km, rec).execute(km.plan(km.lookup("veth").get(0), "q=2",
          ProbeOptions.modprobe()), ProbeOptions.modprobe(), out));
      assertInstanceOf(LoadOutcome.InstallCommandRan.class, out.get(0));
      assertEquals("veth p=1 q=2\n", Files.readString(marker));
      assertEquals(List.of(), rec.calls, "no system call: the install command replaced the load");
    }
  }
}
