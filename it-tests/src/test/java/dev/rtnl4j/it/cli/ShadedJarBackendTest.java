package dev.rtnl4j.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The CLI's shaded jar, as bin/rtnl4j runs it, holds both backends: {@code --version} names
 * {@code ffm} by default and {@code jna} with {@code RTNL4J_BACKEND=jna} (which fails when the JNA
 * jar is not shaded in), and a netlink call works on JNA ({@code link show lo}). On JDK 17 (the
 * system property {@code rtnl4j.jdk17.home}, set by the build) the same jar runs on JNA, and so
 * does {@code bin/rtnl4j} with that JDK as its {@code JAVA_HOME}.
 */
class ShadedJarBackendTest {
  private static final Path CLI_JAR = Path.of("..", "cli", "target", "rtnl4j.jar");
  private static final String THIS_JAVA = ProcessHandle.current().info().command().orElseThrow();

  private static Path jdk17() {
    String home = System.getProperty("rtnl4j.jdk17.home");
    assertTrue(home != null && Files.isExecutable(Path.of(home, "bin", "java")),
        "rtnl4j.jdk17.home names a JDK 17 (bin/test installs openjdk-17-jre-headless): " + home);
    return Path.of(home);
  }

  private static String run(String backend, String... args) throws Exception {
    return runOn(THIS_JAVA, backend, args);
  }

  private static String runOn(String java, String backend, String... args) throws Exception {
    assertTrue(Files.isRegularFile(CLI_JAR), CLI_JAR.toAbsolutePath() + " is missing: the cli module packages it");
    List<String> argv = new ArrayList<>(List.of(java,
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

  /**
   * Both shaded jars (the CLI's, and bench's JMH jar, whose forks load rtnl4j from it) are
   * multi-release: without it JDK 22+ would not see the FFM backend in META-INF/versions/22.
   */
  @Test
  void theShadedJarsAreMultiReleaseAndCarryTheFfmBackend() throws Exception {
    for (Path jar : List.of(CLI_JAR, Path.of("..", "bench", "target", "benchmarks.jar"))) {
      assertTrue(Files.isRegularFile(jar), jar.toAbsolutePath() + " is missing");
      try (JarFile j = new JarFile(jar.toFile())) {
        assertTrue(j.isMultiRelease(), jar + ": no Multi-Release: true in its manifest");
        assertTrue(j.getEntry("META-INF/versions/22/dev/rtnl4j/sys/FfmBackend.class") != null, jar + " lacks the FFM backend");
      }
    }
  }

  @Test
  void aNetlinkCommandWorksOnJnaFromTheShadedJar() throws Exception {
    String out = run("jna", "link", "show", "lo");
    assertTrue(out.contains("lo"), out);
  }

  @Test
  void theShadedJarRunsOnJdk17ThroughJnaAndRefusesFfmThere() throws Exception {
    String java = jdk17().resolve("bin/java").toString();
    String version = runOn(java, null, "--version").strip();
    assertTrue(version.lines().anyMatch(l -> l.startsWith("JDK 17")), version);
    assertTrue(version.endsWith("\nbackend jna"), version);
    String forced = runOn(java, "ffm", "--version").strip();
    assertTrue(forced.endsWith("\nbackend none: RTNL4J_BACKEND=ffm: the FFM backend needs JDK 22 or later; this is JDK 17 "
        + "(use jna, with the JNA jar net.java.dev.jna:jna)"), forced);
    String out = runOn(java, null, "link", "show", "lo");
    assertTrue(out.contains("lo"), out);
  }

  @Test
  void theLauncherRunsOnAJdk17JavaHome() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of("..", "bin", "rtnl4j").toString(), "--version").redirectErrorStream(true);
    pb.environment().remove("RTNL4J_BACKEND");
    pb.environment().put("JAVA_HOME", jdk17().toString());
    pb.environment().put("RTNL4J_NO_BUILD", "1");   // the build made the jar; this checks the run
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/rtnl4j ended");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("JDK 17")), out);
    assertTrue(out.endsWith("\nbackend jna"), out);
  }
}
