package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.rtnl.UnknownKind;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs in the kernel VM's preload phase (see {@link KernelVm#TAG_PRELOAD}): rtnl4j creates the
 * link kinds this machine's kernel lacks once their modules are loaded.
 */
@Tag(KernelVm.TAG)
@Tag(KernelVm.TAG_PRELOAD)
class GuestLinkKindsVmTest {

  @Test
  void dummyLinkIsCreatedUpReadBackAndDeletedThroughRtnl() {
    try (Rtnl rtnl = Rtnl.open()) {
      Link link = rtnl.links().createAndGet(
          LinkSpec.builder("dummy-vm", new UnknownKind("dummy", List.of())).index(41).mtu(1400).up().build());
      try {
        assertEquals(41, link.index());
        assertEquals("dummy-vm", link.name());
        assertEquals("dummy", link.kindName());
        assertEquals(1400, link.mtu());
        assertTrue(link.up(), "created up");
      } finally {
        rtnl.links().delete(LinkRef.index(41));
      }
      KernelException gone = assertThrows(KernelException.class, () -> rtnl.links().get(LinkRef.name("dummy-vm")));
      assertEquals("ENODEV", gone.errnoName(), gone.getMessage());
    }
  }
}
