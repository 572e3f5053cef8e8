package dev.rtnl4j.nspawn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A short command run to its end (argv, no shell): its exit status and its output, stdout and
 * stderr together.
 *
 * <p>Every pipe to the child is closed before {@link #of} returns. The JDK's process reaper also
 * closes them, but only some time after {@code waitFor} has returned, so a caller that counts its
 * open fds right after could see them.
 */
record CommandOutput(int status, String text) {
  /**
   * Runs {@code argv} with {@code input} on its stdin (closed at once when empty) and waits for it.
   *
   * @throws IOException when the command cannot be started or its pipes fail
   * @throws InterruptedException when interrupted while waiting for it
   */
  static CommandOutput of(List<String> argv, byte[] input) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    try (OutputStream stdin = p.getOutputStream();
        InputStream stdout = p.getInputStream();
        InputStream stderr = p.getErrorStream()) {
      stdin.write(input);
      stdin.close();
      String text = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
      return new CommandOutput(p.waitFor(), text);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  /** True when the command exited with status 0. */
  boolean succeeded() {
    return status == 0;
  }
}
