package dev.rtnl4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs an independent witness ({@code ip}, {@code nft}: argv, no shell) and returns what it printed,
 * stdout and stderr together; a witness that cannot run or exits non-zero fails the test with its
 * command line and output.
 */
public final class Witness {
  private Witness() {}

  /** Runs {@code argv}; its output, or an {@link AssertionError} naming the command and its output. */
  public static String run(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out;
      int rc;
      // closed here, not later by the JDK's reaper: a test counting its fds right after sees none of these
      try (var stdin = p.getOutputStream(); var stdout = p.getInputStream(); var stderr = p.getErrorStream()) {
        out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        rc = p.waitFor();
      }
      if (rc != 0) {
        throw new AssertionError(String.join(" ", argv) + " exited " + rc + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + argv, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + argv, e);
    }
  }
}
