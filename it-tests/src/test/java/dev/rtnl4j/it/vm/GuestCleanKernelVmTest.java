package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.rtnl.UnknownKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs in the kernel VM on a clean kernel (see {@link KernelVm}): the kernel loads no module on
 * its own, so a link kind is there only once something loaded its module.
 */
@Tag(KernelVm.TAG)
class GuestCleanKernelVmTest {

  @Test
  void kernelLoadsNoModuleByItselfForAnUnknownLinkKind() throws IOException {
    assertEquals("", Files.readString(Path.of("/proc/sys/kernel/modprobe")).strip(),
        "the kernel's module autoloading helper is switched off");
    // nlmon is in the image and nothing else in the guest uses it.
    try (Rtnl rtnl = Rtnl.open()) {
      KernelException e = assertThrows(KernelException.class,
          () -> rtnl.links().create(LinkSpec.builder("nlmon-vm", new UnknownKind("nlmon", List.of())).build()));
      assertEquals("EOPNOTSUPP", e.errnoName(), e.getMessage());
    }
    assertFalse(Files.readAllLines(Path.of("/proc/modules")).stream().anyMatch(l -> l.startsWith("nlmon ")),
        "nlmon was not loaded");
  }
}
