package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code rtnl4j --version} names the native backend the JVM chose: each case is a JVM of its own
 * (the choice is made once per JVM), on the CLI's class path, as bin/rtnl4j starts one.
 */
class VersionBackendTest {
  /** The last line of {@code rtnl4j --version} in a new JVM with {@code env} added. */
  private static String backendLine(Map<String, String> env, String... jvmOptions) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", cp));
    argv.addAll(List.of(jvmOptions));
    argv.addAll(List.of(Main.class.getName(), "--version"));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().remove("RTNL4J_BACKEND");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "rtnl4j --version ended");
    assertEquals(0, p.exitValue(), out);
    List<String> lines = out.strip().lines().toList();
    assertTrue(lines.get(0).startsWith("rtnl4j "), out);
    assertTrue(lines.get(1).startsWith("JDK " + Runtime.version().feature()), out);
    return lines.get(lines.size() - 1);
  }

  @Test
  void versionSaysBackendFfmByDefaultOnThisJdk() throws Exception {
    assertEquals("backend ffm", backendLine(Map.of()));
  }

  @Test
  void versionSaysBackendJnaWhenTheEnvironmentAsksForIt() throws Exception {
    assertEquals("backend jna", backendLine(Map.of("RTNL4J_BACKEND", "jna")));
  }

  @Test
  void versionNamesAnUnusableBackendAndWhyInsteadOfFailing() throws Exception {
    assertEquals("backend none: -Drtnl4j.backend=jnr: unknown native backend \"jnr\"; accepted: ffm, jna",
        backendLine(Map.of(), "-Drtnl4j.backend=jnr"));
  }
}
