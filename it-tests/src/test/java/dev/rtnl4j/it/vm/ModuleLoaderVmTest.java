package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.kmod.Compression;
import dev.rtnl4j.kmod.KernelModule;
import dev.rtnl4j.kmod.KernelModules;
import dev.rtnl4j.kmod.LoadOutcome;
import dev.rtnl4j.kmod.LoadPolicy;
import dev.rtnl4j.kmod.LoadReport;
import dev.rtnl4j.kmod.ModuleLoader;
import dev.rtnl4j.kmod.ModuleSettings;
import dev.rtnl4j.kmod.ProbeOptions;
import dev.rtnl4j.rtnl.Bridge;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.rtnl.Veth;
import dev.rtnl4j.rtnl.VethPeer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs in the kernel VM on a clean kernel (Debian's 6.1, modules in the image, autoloading off):
 * rtnl4j's own loader ({@code finit_module}, no modprobe) loads the link kinds a container plan
 * needs, with their dependencies, and the kernel then has them.
 *
 * <p>Run it alone with {@code it-tests/kernel-vm/run -Drtnl4j.vm.include=ModuleLoader}.
 */
@Tag(KernelVm.TAG)
@TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ModuleLoaderVmTest {
  static final List<String> REQUESTED = List.of("bridge", "macvlan", "tap", "tun", "veth", "dummy");
  static final List<String> EXPECTED_LIVE = List.of("bridge", "stp", "llc", "macvlan", "tap", "tun", "veth", "dummy");

  static String initstate(String module) throws IOException {
    Path p = Path.of("/sys/module", module, "initstate");
    return Files.exists(p) ? Files.readString(p).strip() : "absent";
  }

  static TreeSet<String> procModules() throws IOException {
    TreeSet<String> names = new TreeSet<>();
    for (String l : Files.readAllLines(Path.of("/proc/modules"))) {
      names.add(l.substring(0, l.indexOf(' ')));
    }
    return names;
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void linkKindModulesLoadWithTheirDependenciesAndASecondLoadIsANoOp() throws IOException {
    // The guest kernel loads nothing by itself; another guest class might have loaded some already.
    boolean bridgeWasAbsent = initstate("bridge").equals("absent");
    try (KernelModules km = KernelModules.open(ModuleSettings.system())) {
      ModuleLoader loader = new ModuleLoader(km);
      LoadReport first = loader.load(REQUESTED, ProbeOptions.modprobe(), LoadPolicy.STRICT);
      assertTrue(first.success(), "failures: " + first.failures());
      for (String m : EXPECTED_LIVE) {
        assertEquals("live", initstate(m), m + " after loading " + REQUESTED + ": " + first.outcomes());
      }
      List<LoadOutcome> bridge = first.outcomes().get("bridge");
      assertEquals(List.of("llc", "stp", "bridge"), bridge.stream().map(LoadOutcome::module).toList(),
          "bridge's plan is llc, stp, bridge (kmod's order)");
      if (bridgeWasAbsent) {
        assertInstanceOf(LoadOutcome.Loaded.class, bridge.getLast(), bridge.toString());
      }

      TreeSet<String> before = procModules();
      LoadReport second = loader.load(REQUESTED, ProbeOptions.modprobe(), LoadPolicy.STRICT);
      assertTrue(second.success(), "failures: " + second.failures());
      for (List<LoadOutcome> os : second.outcomes().values()) {
        for (LoadOutcome o : os) {
          assertInstanceOf(LoadOutcome.AlreadyLive.class, o, "second load of " + o.module() + ": " + o);
        }
      }
      assertEquals(before, procModules(), "a second load changes nothing");
    }
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void compressedModulesLoadThroughUserSpaceDecompressionWhenTheKernelCannotDecompress(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    // Debian's 6.1 kernel has CONFIG_MODULE_COMPRESS_NONE and no CONFIG_MODULE_DECOMPRESS:
    // no /sys/module/compression, so compressed modules must be decompressed here.
    Compression kernel = Compression.ofKernel(Path.of("/sys/module/compression"));
    try (KernelModules km = KernelModules.open(ModuleSettings.system())) {
      ModuleLoader loader = new ModuleLoader(km);
      record Case(String module, Compression compression) {}
      for (Case c : List.of(new Case("ifb", Compression.GZIP), new Case("macsec", Compression.XZ),
          new Case("vrf", Compression.ZSTD))) {
        KernelModule m = km.lookup(c.module()).getFirst();
        Path plain = m.path().orElseThrow();
        Path packed = tmp.resolve(c.module() + ".ko." + c.compression().name().toLowerCase());
        try (OutputStream out = compressor(c.compression(), Files.newOutputStream(packed))) {
          out.write(Files.readAllBytes(plain));
        }
        assertEquals("absent", initstate(c.module()), c.module() + " before");
        LoadOutcome o = loader.loadFile(packed, "");
        if (c.compression() == Compression.ZSTD && kernel != Compression.ZSTD
            && ModuleLayer.boot().findModule("jdk.unsupported").isEmpty()) {
          // aircompressor needs sun.misc.Unsafe; the guest's jlinked runtime is java.base alone.
          LoadOutcome.NotAvailable na = assertInstanceOf(LoadOutcome.NotAvailable.class, o, c + ": " + o);
          assertTrue(na.reason().contains("io.airlift:aircompressor") && na.reason().contains("jdk.unsupported"),
              na.reason());
          assertEquals("absent", initstate(c.module()), c.module() + " was not loaded");
          continue;
        }
        LoadOutcome.Loaded loaded = assertInstanceOf(LoadOutcome.Loaded.class, o, c + ": " + o);
        String expected = kernel == c.compression() ? "decompressed by the kernel" : "decompressed in user space";
        assertTrue(loaded.how().contains(expected), c + " loaded by " + loaded.how() + ", kernel decompresses " + kernel);
        assertEquals("live", initstate(c.module()), c.module() + " after loading " + packed);
      }
    }
  }

  static OutputStream compressor(Compression c, OutputStream out) throws IOException {
    return switch (c) {
      case GZIP -> new GZIPOutputStream(out);
      case XZ -> XzCompressor.wrap(out);
      case ZSTD -> new RawZstdOutputStream(out);
      case NONE -> out;
    };
  }

  /**
   * org.tukaani:xz behind a class of its own, its types never in a signature or an assignment
   * the verifier must check: the kernel VM's class data sharing archive must not take in any
   * class of that sealed jar (a sealed package half in the archive cannot load the rest).
   */
  static final class XzCompressor {
    private XzCompressor() {}

    static OutputStream wrap(OutputStream out) throws IOException {
      Object options = new org.tukaani.xz.LZMA2Options();
      Object xz = new org.tukaani.xz.XZOutputStream(out, (org.tukaani.xz.FilterOptions) options);
      return (OutputStream) xz;
    }
  }

  /**
   * A zstd frame of raw (stored) blocks: valid zstd any decoder reads, written without a
   * compression library (aircompressor's encoder needs jdk.unsupported, which the guest lacks).
   */
  static final class RawZstdOutputStream extends OutputStream {
    private static final int BLOCK = 128 * 1024;
    private final OutputStream out;
    private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();

    RawZstdOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      buf.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      buf.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      byte[] data = buf.toByteArray();
      // magic, frame header descriptor 0 (no content size, no checksum), window 2^(10+7) = 128 KiB
      out.write(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, 0x38});
      int pos = 0;
      do {
        int n = Math.min(BLOCK, data.length - pos);
        boolean last = pos + n == data.length;
        int header = (n << 3) | (last ? 1 : 0); // block type 0: raw
        out.write(new byte[] {(byte) header, (byte) (header >> 8), (byte) (header >> 16)});
        out.write(data, pos, n);
        pos += n;
      } while (pos < data.length);
      out.close();
    }
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void rtnl4jCreatesABridgeAndAVethOnceTheirModulesAreLoaded() throws IOException {
    try (KernelModules km = KernelModules.open(ModuleSettings.system())) {
      LoadReport r = new ModuleLoader(km).load(List.of("rtnl-link-bridge", "rtnl-link-veth"),
          ProbeOptions.modprobe(), LoadPolicy.STRICT);
      assertTrue(r.success(), "failures: " + r.failures());
    }
    try (Rtnl rtnl = Rtnl.open()) {
      Link br = rtnl.links().createAndGet(LinkSpec.builder("br-kmod", Bridge.defaults()).build());
      try {
        assertEquals("bridge", br.kindName());
        Link v = rtnl.links().createAndGet(LinkSpec.builder("vk0", Veth.withPeer(VethPeer.named("vk1"))).build());
        try {
          assertEquals("veth", v.kindName());
          assertEquals("veth", rtnl.links().get(LinkRef.name("vk1")).kindName());
        } finally {
          rtnl.links().delete(LinkRef.name("vk0"));
        }
      } finally {
        rtnl.links().delete(LinkRef.name("br-kmod"));
      }
    }
    assertTrue(Files.readString(Path.of("/proc/modules"), StandardCharsets.ISO_8859_1).contains("bridge "));
  }
}
