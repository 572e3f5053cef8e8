package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  @TempDir Path tmp;

  @Test
  void closureFollowsModulesDepAndTreatsDashAndUnderscoreAlike() throws IOException {
    Files.writeString(tmp.resolve("modules.dep"), """
        kernel/net/8021q/8021q.ko: kernel/net/802/garp.ko kernel/net/802/stp.ko
        kernel/net/802/garp.ko: kernel/net/802/stp.ko
        kernel/net/802/stp.ko: kernel/net/llc/llc.ko
        kernel/net/llc/llc.ko:
        kernel/drivers/net/team/team_mode_roundrobin.ko.xz:
        """);
    Files.writeString(tmp.resolve("modules.builtin"), "kernel/net/unix/unix.ko\n");
    KernelModules modules = KernelModules.read(tmp);
    assertEquals(List.of("kernel/net/8021q/8021q.ko", "kernel/net/802/garp.ko", "kernel/net/802/stp.ko",
        "kernel/net/llc/llc.ko"), List.copyOf(modules.closure(List.of("8021q"))));
    assertEquals(List.of("kernel/drivers/net/team/team_mode_roundrobin.ko.xz"),
        List.copyOf(modules.closure(List.of("team-mode-roundrobin", "unix"))));
    var e = assertThrows(IllegalArgumentException.class, () -> modules.closure(List.of("llc", "nosuch")));
    assertTrue(e.getMessage().contains("nosuch") && e.getMessage().contains("modules.dep"), e.getMessage());
  }

  @Test
  void debianKernelHasEveryImageModule() throws IOException {
    GuestKernel kernel = GuestKernel.find().orElse(null);
    Require.that(kernel != null, "no Debian kernel with modules: install linux-image-amd64");
    var files = KernelModules.read(kernel.modules()).closure(KernelVm.IMAGE_MODULES);
    assertTrue(files.contains("kernel/net/802/stp.ko") && files.contains("kernel/net/llc/llc.ko"), files.toString());
    for (String f : files) {
      assertTrue(Files.isRegularFile(kernel.modules().resolve(f)), f);
    }
  }
}
