package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs in the kernel VM (see {@link KernelVm}): proves the guest is Debian's kernel with module
 * support, that the tests run as root with the harness's environment, and that the module tree of
 * the image is where kmod looks for it.
 */
@Tag(KernelVm.TAG)
class GuestSmokeVmTest {

  @Test
  void guestRunsDebiansKernelWithModuleSupport() throws IOException {
    String version = Files.readString(Path.of("/proc/version"));
    assertTrue(version.startsWith("Linux version 6.1."), "guest kernel: " + version);
    assertTrue(Files.isRegularFile(Path.of("/proc/modules")), "a kernel with module support has /proc/modules");
  }

  @Test
  void cleanKernelPhaseStartsWithNoModuleLoaded() throws IOException {
    // Tests of the same phase may load modules before this one runs: read what /init saw.
    String phase = System.getenv("RTNL4J_VM_PHASE");
    assertEquals("", Files.readString(Path.of("/run/rtnl4j/modules-before-phase-" + phase)),
        "a clean kernel: no module loaded before the tests of phase " + phase);
  }

  @Test
  void moduleTreeOfTheRunningKernelHasItsIndexesAndTheLinkKindsMissingOnTheHost() throws IOException {
    String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    Path tree = Path.of("/lib/modules", release);
    for (String index : new String[] {"modules.dep", "modules.dep.bin", "modules.alias.bin", "modules.builtin.bin"}) {
      assertTrue(Files.isRegularFile(tree.resolve(index)), tree.resolve(index) + " is in the image");
    }
    for (String module : new String[] {"drivers/net/dummy.ko", "net/8021q/8021q.ko", "drivers/net/ipvlan/ipvlan.ko"}) {
      assertTrue(Files.isRegularFile(tree.resolve("kernel").resolve(module)), module + " is in the image");
    }
  }

  @Test
  void testsRunAsRootWithTheHarnessEnvironment() throws IOException {
    assertEquals("1", System.getenv("RTNL4J_VM"));
    assertEquals("1", System.getenv("RTNL4J_SANDBOX"));
    String status = Files.readString(Path.of("/proc/self/status"));
    assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+0\\s+0\\s+0\\s+0")), "runs as root:\n" + status);
  }
}
