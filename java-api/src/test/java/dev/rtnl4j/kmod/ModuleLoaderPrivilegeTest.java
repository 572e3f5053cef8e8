package dev.rtnl4j.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.sys.Errno;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A load refused with EPERM (no CAP_SYS_MODULE) gives one failure that names the capability. */
class ModuleLoaderPrivilegeTest {

  @Test
  void loadWithoutCapSysModuleNamesTheCapability(@TempDir Path sys) {
    DebianTree.require();
    ModuleLoaderTest.RecordingSyscalls rec = new ModuleLoaderTest.RecordingSyscalls();
    rec.finitAnswers.put("veth", -Errno.EPERM);
    try (KernelModules km = KernelModules.open(ModuleLoaderTest.settings(sys))) {
      LoadReport r = new ModuleLoader(km, rec).load(List.of("veth"), ProbeOptions.modprobe(), LoadPolicy.STRICT);
      assertEquals(1, r.failures().size(), r.failures().toString());
      List<LoadOutcome> veth = r.outcomes().get("veth");
      LoadOutcome.Failed f = assertInstanceOf(LoadOutcome.Failed.class, veth.get(veth.size() - 1));
      assertTrue(f.message().contains("EPERM (Operation not permitted): loading kernel modules needs CAP_SYS_MODULE"),
          f.message());
    }
  }
}
