package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AotTrainingCommandTest {

  @Test
  void trainsOnW1ThenOnContainerStartsOneAfterAnotherAndLeavesNothingBehind() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    String linksBefore = CliRun.of("link", "show").out();

    CliRun r = CliRun.of("aot-training");

    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().matches("(?s)w1 impl=rtnl4j n=300 total_ms=[0-9.]+ .*"), "W1 first: " + r.out());
    assertTrue(r.out().matches("(?s).*\nb1 image=busybox mode=prepared k=8 c=1 started=8 .*"), r.out());
    assertTrue(r.out().contains("8 containers, one start after another"), r.out());
    try (var s = Files.list(Path.of("/run/netns"))) {
      assertEquals(0, s.count(), "namespaces left behind");
    }
    assertEquals(linksBefore, CliRun.of("link", "show").out(), "links left behind");
    assertTrue(ProcessHandle.current().children().findAny().isEmpty(), "processes left behind");
  }

  @Test
  void isLeftOutOfTheHelp() {
    CliRun help = CliRun.of("--help");
    assertEquals(0, help.status(), help.toString());
    assertTrue(help.out().contains("bootbench"), help.out());
    assertFalse(help.out().contains("aot-training"), help.out());
  }
}
