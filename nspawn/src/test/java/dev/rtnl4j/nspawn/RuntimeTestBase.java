package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs real systemd-nspawn containers inside the test sandbox with a private state directory; takes
 * a {@link MachineSnapshot} before each test, so a test can prove nothing was left behind.
 */
abstract class RuntimeTestBase {
  protected Path stateDir;
  protected ContainerRuntime runtime;
  protected MachineSnapshot before;
  private final List<String> fixtureLinks = new ArrayList<>();

  @BeforeEach
  void startRuntime() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    Require.tool("/usr/sbin/nft", "nftables");
    stateDir = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-it-");
    runtime = runtime(StartMode.PREPARED);
    before = MachineSnapshot.take(stateDir, runtime);
  }

  protected ContainerRuntime runtime(StartMode mode) {
    return ContainerRuntime.builder().stateDir(stateDir).mode(mode).network(Backends.forTests()).build();
  }

  @AfterEach
  void closeRuntime() throws Exception {
    if (runtime != null) {
      for (ContainerState s : runtime.list()) {
        runtime.stop(s, java.time.Duration.ofSeconds(2));
      }
      runtime.close();
    }
    for (String l : fixtureLinks) {
      try {
        ip("link", "del", "dev", l);
      } catch (Exception e) {
        // already gone
      }
    }
    if (stateDir != null) {
      Images.deleteQuietly(stateDir);
    }
  }

  /** A host link the test makes as a fixture (deleted after the test). */
  protected void fixture(String name, String... ipLinkAddArgs) throws Exception {
    List<String> a = new ArrayList<>(List.of("ip", "link", "add", name));
    a.addAll(List.of(ipLinkAddArgs));
    IpCommandBackend.run(a);
    fixtureLinks.add(name);
    List<String> args = List.of(ipLinkAddArgs);
    int peer = args.indexOf("peer");
    if (peer >= 0 && peer + 2 < args.size()) {
      fixtureLinks.add(args.get(peer + 2));
    }
  }

  protected static String ip(String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of("ip"));
    a.addAll(List.of(args));
    return IpCommandBackend.run(a);
  }

  /** Runs {@code cmd} in the network namespace of {@code leader}. */
  protected static String inNet(int leader, String... cmd) throws Exception {
    List<String> argv = new ArrayList<>(List.of("nsenter", "--net=/proc/" + leader + "/ns/net"));
    argv.addAll(List.of(cmd));
    return IpCommandBackend.run(argv);
  }

  /** Runs {@code cmd} inside the container (its mount, pid and network namespaces: its own busybox). */
  protected static String inside(int leader, String... cmd) throws Exception {
    List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Integer.toString(leader), "-m", "-n", "-p"));
    argv.addAll(List.of(cmd));
    return IpCommandBackend.run(argv);
  }

  /** The machine is as before the test (links besides fixtures, namespaces, processes, mounts, fds, files, nftables tables). */
  protected void assertNothingLeftBehind() throws Exception {
    MachineSnapshot now = MachineSnapshot.take(stateDir, runtime);
    assertEquals(before.links(), now.links().stream().filter(l -> !fixtureLinks.contains(l)).toList(), "links");
    assertEquals(before.netns(), now.netns(), "namespaces");
    assertEquals(before.processes(), now.processes(), "processes");
    assertEquals(before.mounts(), now.mounts(), "mounts");
    assertEquals(List.of(), MachineSnapshot.fdsOpenedSince(before.fds(), MachineSnapshot.spareFdNumbers(runtime)),
        "fds opened since the test began and still open");
    assertEquals(before.stateFiles(), now.stateFiles(), "state files");
    assertEquals(before.nftTables(), now.nftTables(), "nftables tables");
  }
}
