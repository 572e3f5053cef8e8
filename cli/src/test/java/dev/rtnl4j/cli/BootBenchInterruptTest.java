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
  private static final java.util.regex.Pattern PART_WAY = java.util.regex.Pattern.compile("\\((\\d+)%\\)");

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
        "bootbench", "--containers", "16", "--concurrency", "2", "--prefix", "int"));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    boolean partWay = false;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.append(line).append('\n');
        java.util.regex.Matcher m = PART_WAY.matcher(line);
        if (m.find() && Integer.parseInt(m.group(1)) > 0 && Integer.parseInt(m.group(1)) < 100) {
          // some containers are up, more are starting: Ctrl-C (the ticker may skip any given percentage)
          new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
          partWay = true;
          break;
        }
      }
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bootbench ended after SIGINT: " + out);
    }
    assertTrue(partWay, "interrupted part way: " + out);
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
