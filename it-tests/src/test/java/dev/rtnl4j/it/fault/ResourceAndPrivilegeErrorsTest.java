package dev.rtnl4j.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.nspawn.ContainerRuntime;
import dev.rtnl4j.nspawn.ContainerSpec;
import dev.rtnl4j.nspawn.StartException;
import dev.rtnl4j.testkit.Require;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A missing systemd-nspawn, an unwritable /run/netns, a process without CAP_NET_ADMIN and a low
 * RLIMIT_NOFILE each give one clear error naming the cause (the file, the capability, the limit)
 * and leave nothing behind. {@code up} runs in a child JVM (argv arrays: setpriv, prlimit).
 */
class ResourceAndPrivilegeErrorsTest {
  private static final String SPEC = """
      {"containers": {"rs0": {"privateNetwork": true, "hostAddress": "10.236.0.1",
        "localAddress": "10.236.0.2", "image": "busybox"}}}""";

  private Path dir;
  private Path spec;
  private FaultTrials.Snapshot before;

  @BeforeEach
  void setUp() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    dir = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-res-");
    spec = dir.resolve("spec.json");
    Files.writeString(spec, SPEC);
    before = FaultTrials.Snapshot.take(dir.resolve("state"));
  }

  private record Run(int status, String out) {}

  /**
   * The CLI's shaded jar, as bin/rtnl4j runs it: one jar, so that how many files the JVM keeps open
   * for its class path (the test class path has dozens of jars) does not decide where a low
   * RLIMIT_NOFILE bites.
   */
  private static final Path CLI_JAR = Path.of("..", "cli", "target", "rtnl4j.jar");

  private Run up(String... prefix) throws Exception {
    assertTrue(Files.isRegularFile(CLI_JAR), CLI_JAR.toAbsolutePath() + " is missing: the cli module packages it");
    List<String> argv = new ArrayList<>(List.of(prefix));
    argv.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
        "-cp", CLI_JAR.toString(), "dev.rtnl4j.cli.Main", "up", "--state-dir",
        dir.resolve("state").toString(), spec.toString()));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }

  private void assertNothingLeftBehind() throws Exception {
    assertEquals("", before.diff(FaultTrials.Snapshot.take(dir.resolve("state"))));
  }

  private static long failures(String out) {
    return out.lines().filter(l -> l.contains("start failed")).count();
  }

  @Test
  void withoutCapNetAdminTheErrorNamesTheCapability() throws Exception {
    Path setpriv = Require.tool("/usr/bin/setpriv", "util-linux");
    Run r = up(setpriv.toString(), "--inh-caps=-net_admin", "--bounding-set=-net_admin", "--");
    assertEquals(1, r.status(), r.out());
    assertEquals(1, failures(r.out()), r.out());
    assertTrue(r.out().contains("EPERM (Operation not permitted); changing the network needs CAP_NET_ADMIN"), r.out());
    assertNothingLeftBehind();
  }

  @Test
  void withTooFewFileDescriptorsTheErrorSaysSo() throws Exception {
    Path prlimit = Require.tool("/usr/bin/prlimit", "util-linux");
    // where the limit bites depends on how many jars the class path opens: reading the file,
    // rtnl4j's own sockets, or systemd-nspawn's; each names it, and nothing is left
    Run r = up(prlimit.toString(), "--nofile=22:22", "--");
    assertTrue(r.status() == 1 || r.status() == 2, r.out());
    assertTrue(r.out().contains("Too many open files"), r.out());
    assertTrue(r.out().lines().filter(l -> l.contains("Too many open files")).count() <= 2, "one error: " + r.out());
    assertNothingLeftBehind();
  }

  @Test
  void anUnwritableRunNetnsIsNamedWithItsErrno() throws Exception {
    Path mount = Require.tool("/usr/bin/mount", "mount");
    run(mount.toString(), "--bind", "/run/netns", "/run/netns");
    try {
      run(mount.toString(), "-o", "remount,ro,bind", "/run/netns");
      Run r = up();
      assertEquals(1, r.status(), r.out());
      assertEquals(1, failures(r.out()), r.out());
      assertTrue(r.out().contains("create /run/netns/rs0: EROFS (Read-only file system)"), r.out());
    } finally {
      run(Require.tool("/usr/bin/umount", "mount").toString(), "/run/netns");
    }
    assertNothingLeftBehind();
  }

  @Test
  void aMissingSystemdNspawnIsNamed() throws Exception {
    try (ContainerRuntime runtime = ContainerRuntime.builder().stateDir(dir.resolve("state"))
        .nspawn(Path.of("/nonexistent/systemd-nspawn")).build()) {
      StartException e = org.junit.jupiter.api.Assertions.assertThrows(StartException.class, () -> runtime.start(
          ContainerSpec.builder("rs0").privateNetwork(true).hostAddress("10.236.0.1").localAddress("10.236.0.2").build()));
      assertTrue(e.getMessage().contains("/nonexistent/systemd-nspawn is missing (Debian package systemd-container)"),
          e.getMessage());
    }
    assertNothingLeftBehind();
  }

  private static void run(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
  }
}
