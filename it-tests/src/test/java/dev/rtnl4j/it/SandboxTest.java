package dev.rtnl4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxTest {

  @Test
  void testJvmSeesOnlyItsOwnLoopbackInterface() throws IOException {
    Require.sandbox();
    // /proc/self/net/dev lists the interfaces of this process's own network namespace.
    List<String> names = Files.readAllLines(Path.of("/proc/self/net/dev")).stream()
        .skip(2)
        .map(line -> line.substring(0, line.indexOf(':')).strip())
        .toList();
    assertEquals(List.of("lo"), names);
  }

  @Test
  void namedNamespaceDirectoryIsPrivateAndEmpty() throws IOException {
    Require.sandbox();
    try (var entries = Files.list(Path.of("/run/netns"))) {
      assertEquals(List.of(), entries.toList());
    }
  }
}
