package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code rtnl4j soak}: W1 set-up/tear-down and busybox container start/stop, repeated in one JVM,
 * leak nothing; and a leak, injected through the hidden test hook, is reported.
 *
 * <p>The short soak's size comes from {@code -Drtnl4j.soak.cycles} (default 200 W1 cycles of 5
 * containers) and {@code -Drtnl4j.soak.bootCycles} (default 10 container cycles); CI passes 1000
 * and 100.
 */
class SoakCommandTest {

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
    String stdout = o.toString(StandardCharsets.UTF_8);
    System.out.print(stdout);
    return new String[] {Integer.toString(rc), stdout, e.toString(StandardCharsets.UTF_8)};
  }

  private static String lastLine(String s) {
    List<String> lines = s.strip().lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void w1AndContainerCyclesLeakNothing() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    int cycles = Integer.getInteger("rtnl4j.soak.cycles", 200);
    int boots = Integer.getInteger("rtnl4j.soak.bootCycles", 10);
    Path state = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-soak-");
    long t0 = System.nanoTime();
    String[] r = run("soak", "--cycles", Integer.toString(cycles), "--containers", "5", "--boot",
        "--boot-cycles", Integer.toString(boots), "--in-current-netns", "--state-dir", state.toString());
    System.out.printf("soak of %d W1 cycles and %d container cycles took %.1f s%n", cycles, boots,
        (System.nanoTime() - t0) / 1e9);
    assertEquals("soak cycles=" + cycles + " container_cycles=" + boots + " leaks=none", lastLine(r[1]), r[1] + r[2]);
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("soak before: fds="), r[1]);
  }

  @Test
  void aLinkLeftBehindEachCycleIsReportedAsALeak() {
    Require.sandbox();
    Require.realRoot();
    String[] r = run("soak", "--cycles", "20", "--containers", "1", "--in-current-netns", "--inject-leak", "link");
    assertEquals("1", r[0], r[1] + r[2]);
    String last = lastLine(r[1]);
    assertTrue(last.startsWith("soak cycles=20 leaks="), last);
    assertTrue(last.contains("links+20"), last);
  }

  @Test
  void anFdLeftOpenEachCycleIsReportedAsALeak() {
    Require.sandbox();
    Require.realRoot();
    String[] r = run("soak", "--cycles", "20", "--containers", "1", "--in-current-netns", "--inject-leak", "fd");
    assertEquals("1", r[0], r[1] + r[2]);
    String last = lastLine(r[1]);
    // the warm-up sample is taken after 2 of the 20 cycles: 18 fds leaked after it
    assertTrue(last.matches("soak cycles=20 leaks=.*fds\\+18.*"), last);
  }

  @Test
  void aContainerProcessThatOutlivesItsParentIsReportedAsALeak() {
    Require.sandbox();
    Require.realRoot();
    String[] r = run("soak", "--cycles", "5", "--containers", "1", "--in-current-netns", "--inject-leak", "container");
    assertEquals("1", r[0], r[1] + r[2]);
    String last = lastLine(r[1]);
    assertTrue(last.matches("soak cycles=5 leaks=.*container_processes\\+5.*"), last);
    assertTrue(!last.contains("children"), "reparented away from the JVM, only the PID-namespace count sees it: " + last);
    assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().arguments()
        .map(a -> a.length == 1 && a[0].equals("86399")).orElse(false)), "the soak killed what it injected");
  }

  @Test
  void badCountsAreRefusedWithExitStatusTwo() {
    String[] r = run("soak", "--cycles", "0", "--in-current-netns");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--cycles must be at least 1"), r[2]);
  }
}
