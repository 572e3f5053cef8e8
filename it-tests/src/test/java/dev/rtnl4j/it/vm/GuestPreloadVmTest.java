package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs in the kernel VM's preload phase (see {@link KernelVm#TAG_PRELOAD}): the link kinds this
 * machine's kernel lacks are loaded before the tests start.
 */
@Tag(KernelVm.TAG)
@Tag(KernelVm.TAG_PRELOAD)
class GuestPreloadVmTest {

  @Test
  void preloadPhaseStartsWithTheMissingLinkKindsLoaded() throws IOException {
    List<String> loaded = Files.readAllLines(Path.of("/proc/modules")).stream()
        .map(l -> l.substring(0, l.indexOf(' ')))
        .toList();
    for (String module : KernelVm.PRELOAD_MODULES) {
      assertTrue(loaded.contains(KernelModules.normalize(module)), module + " is loaded; loaded: " + loaded);
    }
  }
}
