package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BootBenchInterruptTest {

  private static Set<Path> stateDirs() throws Exception {
    try (Stream<Path> s = Files.list(Path.of("/tmp"))) {
      return s.filter(p -> p.getFileName().toString().startsWith("rtnl4j-b1-")).collect(Collectors.toSet());
    }
  }

  @Test
  void ctrlCWhileBootingStopsAndRemovesEverythingItStarted() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    Set<Path> dirsBefore = stateDirs();
    String linksBefore = CliRun.of("link", "show").out();
    List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "bootbench", "--containers", "8", "--concurrency", "2", "--prefix", "int"));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.append(line).append('\n');
        if (line.contains("(25%)")) {
          // two containers are up, more are starting: Ctrl-C
          new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
          break;
        }
      }
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bootbench ended after SIGINT: " + out);
    }
    assertTrue(out.toString().contains("(25%)"), out.toString());
    assertEquals(130, p.exitValue(), out.toString());
    try (var s = Files.list(Path.of("/run/netns"))) {
      assertEquals(List.of(), s.toList(), "namespaces left behind");
    }
    assertEquals(linksBefore, CliRun.of("link", "show").out(), "links left behind");
    assertEquals(dirsBefore, stateDirs(), "state directories left behind");
    assertEquals(List.of(), ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine().orElse("").contains("--machine=int")).map(ProcessHandle::pid).toList(),
        "systemd-nspawn processes left behind");
  }
}
