package dev.rtnl4j.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CLI's shaded jar, as bin/rtnl4j runs it, holds both backends: {@code --version} names
 * {@code ffm} by default and {@code jna} with {@code RTNL4J_BACKEND=jna} (which fails when the JNA
 * jar is not shaded in), and a netlink call works on JNA ({@code link show lo}).
 */
class ShadedJarBackendTest {
  private static final Path CLI_JAR = Path.of("..", "cli", "target", "rtnl4j.jar");

  private static String run(String backend, String... args) throws Exception {
    assertTrue(Files.isRegularFile(CLI_JAR), CLI_JAR.toAbsolutePath() + " is missing: the cli module packages it");
    List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
        "--enable-native-access=ALL-UNNAMED", "-cp", CLI_JAR.toString(), "dev.rtnl4j.cli.Main"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().remove("RTNL4J_BACKEND");
    if (backend != null) {
      pb.environment().put("RTNL4J_BACKEND", backend);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI ended");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void theShadedJarRunsOnFfmByDefaultAndOnJnaWhenAsked() throws Exception {
    assertTrue(run(null, "--version").strip().endsWith("\nbackend ffm"), "default");
    assertTrue(run("jna", "--version").strip().endsWith("\nbackend jna"), "RTNL4J_BACKEND=jna");
  }

  @Test
  void aNetlinkCommandWorksOnJnaFromTheShadedJar() throws Exception {
    String out = run("jna", "link", "show", "lo");
    assertTrue(out.contains("lo"), out);
  }
}
