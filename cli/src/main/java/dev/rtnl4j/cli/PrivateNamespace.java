package dev.rtnl4j.cli;

import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.Syscalls;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command in a private network namespace and a private mount namespace of its own, so it
 * can never touch the host's interfaces: the JVM re-executes itself through
 * {@code unshare --net --mount --propagation private} (with {@code --user --map-root-user} when
 * not root), and the child mounts an empty tmpfs on {@code /run/netns}, so the namespaces it names
 * are private to it too. Everything the command made vanishes with the child's namespaces.
 */
final class PrivateNamespace {
  /** Set in the child's environment. */
  static final String MARK = "RTNL4J_PRIVATE_NS";
  /** Set in the child's environment when the parent was not root (a user namespace maps it to root). */
  static final String NOT_ROOT = "RTNL4J_PRIVATE_NS_NOT_ROOT";
  private static final String UNSHARE = "/usr/bin/unshare";

  private PrivateNamespace() {}

  /** True when this JVM already runs in a private net+mount namespace (the child, or the test sandbox). */
  static boolean inside() {
    return System.getenv(MARK) != null || "1".equals(System.getenv("RTNL4J_SANDBOX"));
  }

  /** True when the user who started the command is root (also seen from the child). */
  static boolean startedByRoot() {
    return System.getenv(NOT_ROOT) == null && effectiveUid() == 0;
  }

  /**
   * Re-executes this JVM as {@code rtnl4j ARGS} inside new namespaces and returns the child's exit
   * status; a Ctrl-C reaches both, and the parent waits for the child to finish its clean-up.
   */
  static int reexec(List<String> args) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(UNSHARE))) {
      throw new CliException(UNSHARE + " is missing (Debian package util-linux); install it, or run with"
          + " --in-current-netns inside a throwaway namespace");
    }
    boolean root = effectiveUid() == 0;
    List<String> argv = new ArrayList<>(List.of(UNSHARE));
    if (!root) {
      argv.addAll(List.of("--user", "--map-root-user"));
    }
    argv.addAll(List.of("--net", "--mount", "--propagation", "private", "--"));
    argv.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
    argv.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(Main.class.getName());
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
    pb.environment().put(MARK, "1");
    if (!root) {
      pb.environment().put(NOT_ROOT, "1");
    }
    Process child = pb.start();
    Thread waiter = new Thread(() -> {
      try {
        child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(waiter);
    int status = child.waitFor();
    Runtime.getRuntime().removeShutdownHook(waiter);
    return status;
  }

  /** The effective uid of this process (from /proc/self/status), -1 when unknown. */
  static int effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return -1;
  }

  /**
   * In the child: mounts an empty tmpfs on {@code /run/netns} (and on {@code /run} first when
   * {@code /run/netns} cannot be made), private to this mount namespace.
   *
   * @throws CliException when the mounts fail
   */
  static void privateRunNetns() {
    if ("1".equals(System.getenv("RTNL4J_SANDBOX"))) {
      return; // the test sandbox did it already
    }
    try {
      Files.createDirectories(Path.of("/run/netns"));
    } catch (IOException e) {
      mount("rtnl4j-run", "/run");
      try {
        Files.createDirectories(Path.of("/run/netns"));
      } catch (IOException e2) {
        throw new CliException("cannot create /run/netns: " + e2.getMessage());
      }
    }
    mount("rtnl4j-netns", "/run/netns");
  }

  private static void mount(String source, String target) {
    int r = Syscalls.mount(source, target, "tmpfs", 0, "mode=0755");
    if (r < 0) {
      throw new CliException("mount tmpfs on " + target + " in the private mount namespace: " + Errno.name(-r)
          + " (" + Errno.describe(-r) + ")");
    }
  }
}
