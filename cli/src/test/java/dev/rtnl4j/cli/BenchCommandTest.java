package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code rtnl4j bench}: runs the workload and prints the line workloads.md prescribes, last on stdout. */
class BenchCommandTest {

  private static String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int rc;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      rc = Main.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {Integer.toString(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void w1PrintsItsTimingLineAndCleansUp() {
    Require.sandbox();
    Require.tool("/usr/sbin/ip", "iproute2");
    String[] r = run("bench", "w1", "--containers", "3", "--netns-prefix", "bt", "--setup", "--cleanup");
    assertEquals("0", r[0], r[2]);
    String[] lines = r[1].strip().split("\n");
    String last = lines[lines.length - 1];
    assertTrue(last.matches("w1 impl=rtnl4j n=3 total_ms=\\d+\\.\\d+ per_container_us=\\d+\\.\\d+"), last);
    assertFalse(Files.exists(Path.of("/run/netns/bt0")), "--cleanup removed the namespaces");
  }

  @Test
  void roundsRunTheWorkloadAgainOnNamespacesSetUpAfreshWithALinePerRound() {
    Require.sandbox();
    Require.tool("/usr/sbin/ip", "iproute2");
    String[] r = run("bench", "w1", "--containers", "2", "--netns-prefix", "br", "--setup", "--cleanup", "--rounds", "3", "--pause", "0.1");
    assertEquals("0", r[0], r[2]);
    String[] lines = r[1].strip().split("\n");
    assertEquals(3, lines.length, r[1]);
    for (String line : lines) {
      assertTrue(line.matches("w1 impl=rtnl4j n=2 total_ms=\\d+\\.\\d+ per_container_us=\\d+\\.\\d+"), line);
    }
    assertFalse(Files.exists(Path.of("/run/netns/br0")), "--cleanup removed the last round's namespaces too");
  }

  @Test
  void w2WithIpBatchPrintsItsLine() {
    Require.sandbox();
    Require.tool("/usr/sbin/ip", "iproute2");
    String[] r = run("bench", "w2", "--containers", "2", "--netns-prefix", "bb", "--impl", "ip-batch", "--setup", "--cleanup");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].strip().matches("(?s).*w2 impl=ip-batch n=2 total_ms=\\S+ per_container_us=\\S+"), r[1]);
  }

  @Test
  void w1WithTheLibmnlBaselinePrintsItsLine() {
    Require.sandbox();
    Require.tool("/usr/bin/gcc", "gcc");
    Require.that(Files.exists(Path.of("/usr/include/libmnl/libmnl.h")), "libmnl's headers are missing: install libmnl-dev");
    String[] r = run("bench", "w1", "--containers", "2", "--netns-prefix", "bm", "--impl", "libmnl", "--setup", "--cleanup");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].strip().matches("(?s).*w1 impl=libmnl n=2 total_ms=\\S+ per_container_us=\\S+"), r[1]);
  }

  @Test
  void badUsageIsRefusedWithExitStatusTwo() {
    String[] r = run("bench", "w1", "--containers", "3", "--netns-prefix", "a-very-long-prefix");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("too long"), r[2]);
    r = run("bench", "w3", "--containers", "3", "--netns-prefix", "x");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("w1 or w2"), r[2]);
    r = run("bench", "w1", "--containers", "3", "--netns-prefix", "x", "--impl", "nope");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("rtnl4j, ip, ip-batch, libmnl or go-netlink"), r[2]);
    r = run("bench", "w1", "--containers", "3", "--netns-prefix", "x", "--rounds", "2");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--rounds 2 needs --setup"), r[2]);
    r = run("bench", "w1", "--containers", "3", "--netns-prefix", "x", "--rounds", "0", "--setup");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--rounds must be at least 1, not 0"), r[2]);
    r = run("bench", "w1", "--containers", "3", "--netns-prefix", "x", "--rounds", "2", "--setup", "--pause", "-1");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--pause must be 0 or more seconds, not -1.0"), r[2]);
  }
}
