package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.kmod.ModuleSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KmodModulePreloaderTest {

  @Test
  void theKindsContainersNeedAreAvailableOnTheRunningKernel() {
    // built in here (module-less kernel, told by /proc/config.gz) or loaded by rtnl4j's own loader
    assertEquals(List.of(), KmodModulePreloader.system().preload(Set.of("veth", "bridge", "macvlan", "tun")));
  }

  @Test
  void aKindThatCannotBeMadeAvailableIsReportedNotThrown() throws Exception {
    Path empty = Files.createTempDirectory("rtnl4j-nomods");
    try {
      ModuleSettings settings = new ModuleSettings(empty, List.of(), "", empty.resolve("sys-module"));
      List<String> problems = KmodModulePreloader.of(settings).preload(Set.of("nosuchkind"));
      assertEquals(1, problems.size());
      assertTrue(problems.get(0).startsWith("nosuchkind: not available"), problems.get(0));
    } finally {
      Files.delete(empty);
    }
  }
}
