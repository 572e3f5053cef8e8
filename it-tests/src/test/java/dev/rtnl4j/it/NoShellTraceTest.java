package dev.rtnl4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No shell: {@code rtnl4j up} and {@code down} of a busybox container, traced with
 * {@code strace -f -e trace=execve,...}, execute no shell. What runs inside the container (its own
 * payload, below systemd-nspawn) is the container's business and is not counted. The only place
 * rtnl4j runs a shell is a modprobe.d {@code install} line, which asks for one: that exception is
 * proven by kmod's {@code ModuleLoaderTest#installCommandsRunThroughTheShellOnlyBecauseTheConfigurationSaysSo}.
 */
class NoShellTraceTest {
  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "csh", "tcsh",
      "fish", "busybox-sh");
  private static final Pattern EXEC = Pattern.compile("^(\\d+)\\s+execve\\(\"([^\"]*)\", \\[(.*?)\\]");
  private static final Pattern FORK = Pattern.compile("^(\\d+)\\s+(?:clone3?|fork|vfork)\\(.*\\)\\s+=\\s+(\\d+)");

  @Test
  void upAndDownExecuteNoShell() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Path strace = Require.tool("/usr/bin/strace", "strace");
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-noshell-");
    Path spec = dir.resolve("spec.json");
    Files.writeString(spec, """
        {"containers": {"nosh": {"privateNetwork": true, "hostAddress": "10.235.0.1",
          "localAddress": "10.235.0.2", "image": "busybox"}}}""");
    String state = dir.resolve("state").toString();
    List<String> execs = new ArrayList<>();
    for (String command : List.of("up", "down")) {
      Path trace = dir.resolve(command + ".trace");
      List<String> argv = new ArrayList<>(List.of(strace.toString(), "-f", "-q", "-s", "256",
          "-e", "trace=execve,clone,clone3,fork,vfork", "-o", trace.toString(), "--",
          ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
          "-cp", System.getProperty("java.class.path"), "dev.rtnl4j.cli.Main", command, "--state-dir", state,
          spec.toString()));
      Process p = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(dir.resolve(command + ".out").toFile()).start();
      // strace -f follows the container too, which outlives "up": once the JVM has exited, strace
      // is told to detach (SIGTERM, then SIGKILL if it lingers), leaving the container running for "down".
      int status = awaitMainExit(trace, p);
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly(); // the kernel detaches the tracees of a dead tracer; they run on
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "strace ended");
      }
      assertEquals(0, status, command + ": " + Files.readString(dir.resolve(command + ".out")));
      execs.addAll(rtnl4jExecs(Files.readAllLines(trace)));
    }
    assertTrue(execs.stream().anyMatch(e -> e.contains("systemd-nspawn")), "the trace saw nspawn's exec: " + execs);
    List<String> shells = execs.stream().filter(NoShellTraceTest::isShell).toList();
    assertEquals(List.of(), shells, "shells executed by rtnl4j (all execs: " + execs + ")");
  }

  /** Waits for the traced JVM (the trace's first pid) to exit; returns its exit status. */
  private static int awaitMainExit(Path trace, Process strace) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Pattern exited = null;
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.exists(trace) ? Files.readAllLines(trace) : List.of();
      if (exited == null && !lines.isEmpty()) {
        exited = Pattern.compile("^" + lines.getFirst().split("\\s+")[0] + "\\s+\\+\\+\\+ exited with (\\d+) \\+\\+\\+");
      }
      if (exited != null) {
        for (String l : lines) {
          Matcher m = exited.matcher(l);
          if (m.find()) {
            return Integer.parseInt(m.group(1));
          }
        }
      }
      if (!strace.isAlive()) {
        throw new AssertionError("strace ended before the JVM's exit was seen: " + lines);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the traced JVM did not exit within 120 s");
  }

  /**
   * The execs of rtnl4j's own processes: every execve in the trace except those of systemd-nspawn's
   * descendants (the container).
   */
  static List<String> rtnl4jExecs(List<String> trace) {
    Set<String> container = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (String line : trace) {
      Matcher f = FORK.matcher(line);
      if (f.find()) {
        if (container.contains(f.group(1))) {
          container.add(f.group(2));
        }
        continue;
      }
      Matcher e = EXEC.matcher(line);
      if (e.find() && !line.contains("= -1")) {
        String pid = e.group(1);
        if (container.contains(pid)) {
          continue;
        }
        out.add(e.group(2) + " " + e.group(3));
        if (e.group(2).endsWith("/systemd-nspawn")) {
          container.add(pid);
        }
      }
    }
    return out;
  }

  static boolean isShell(String exec) {
    String path = exec.substring(0, exec.indexOf(' '));
    String base = path.substring(path.lastIndexOf('/') + 1);
    if (SHELLS.contains(base)) {
      return true;
    }
    // busybox as a shell: "busybox sh ..." (argv[1]) or argv[0] naming a shell
    Matcher m = Pattern.compile("\"([^\"]*)\"(?:, \"([^\"]*)\")?").matcher(exec.substring(path.length()));
    if (m.find()) {
      String arg0 = m.group(1).substring(m.group(1).lastIndexOf('/') + 1);
      return SHELLS.contains(arg0) || (base.equals("busybox") && m.group(2) != null && SHELLS.contains(m.group(2)));
    }
    return false;
  }

  @Test
  void theShellDetectorRecognisesShellsAndSkipsTheContainer() {
    List<String> trace = List.of(
        "100 execve(\"/usr/bin/java\", [\"java\", \"-cp\"], 0x1 /* 3 vars */) = 0",
        "100 clone3({flags=CLONE_VM}, 88) = 101",
        "101 execve(\"/usr/bin/systemd-nspawn\", [\"/usr/bin/systemd-nspawn\", \"--machine=x\"], 0x1) = 0",
        "101 clone3({flags=0}, 88) = 102",
        "102 execve(\"/bin/sh\", [\"/bin/sh\", \"-c\", \"trap\"], 0x1) = 0",
        "100 clone(child_stack=NULL) = 103",
        "103 execve(\"/bin/busybox\", [\"busybox\", \"sh\", \"-c\", \"x\"], 0x1) = 0",
        "100 execve(\"/usr/bin/dash\", [\"dash\"], 0x1) = -1 ENOENT (No such file or directory)");
    List<String> execs = rtnl4jExecs(trace);
    assertEquals(3, execs.size(), execs.toString());
    assertEquals(List.of("/bin/busybox \"busybox\", \"sh\", \"-c\", \"x\""),
        execs.stream().filter(NoShellTraceTest::isShell).toList());
  }
}
