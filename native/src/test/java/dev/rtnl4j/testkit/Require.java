package dev.rtnl4j.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Preconditions of tests that need something of the machine (root, a tool, a package).
 *
 * <p>When a precondition does not hold, the test is skipped with the reason, except when
 * {@code RTNL4J_NO_SKIP=1} (CI): then it fails, because in CI nothing may skip. Never skip any
 * other way.
 */
public final class Require {
  private Require() {}

  /** True when skips must fail (CI). */
  public static boolean strict() {
    return "1".equals(System.getenv("RTNL4J_NO_SKIP"));
  }

  /** Skips (or, in CI, fails) with {@code reason} unless {@code condition} holds. */
  public static void that(boolean condition, String reason) {
    if (condition) {
      return;
    }
    if (strict()) {
      Assertions.fail("RTNL4J_NO_SKIP=1 and this test cannot run: " + reason);
    }
    Assumptions.abort(reason);
  }

  /** Real root (not root mapped in a user namespace), as systemd-nspawn needs. */
  public static void realRoot() {
    that(!"1".equals(System.getenv("RTNL4J_USER_MODE")), "needs real root (bin/test ran as an ordinary user)");
  }

  /** The test runs inside bin/sandbox/bin/java's private namespaces. */
  public static void sandbox() {
    Assertions.assertEquals("1", System.getenv("RTNL4J_SANDBOX"),
        "tests that touch the network must run under bin/sandbox/bin/java");
  }

  /** An executable at {@code path}, from the Debian package {@code pkg}. */
  public static Path tool(String path, String pkg) {
    Path p = Path.of(path);
    that(Files.isExecutable(p), path + " is missing: install the Debian package " + pkg + " (bin/test does, as root)");
    return p;
  }
}
