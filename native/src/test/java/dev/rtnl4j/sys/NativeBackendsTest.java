package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.TestRunBackend;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How a JVM's backend is chosen: the pure choice, and real JVMs started with and without the JNA jar. */
class NativeBackendsTest {
  @Test
  void theDefaultIsFfmFromJdk22AndJnaBefore() {
    assertEquals(new NativeBackends.Choice("ffm", "default on JDK 22", false), NativeBackends.choose(null, null, 22));
    assertEquals(new NativeBackends.Choice("ffm", "default on JDK 25", false), NativeBackends.choose(null, null, 25));
    assertEquals(new NativeBackends.Choice("jna", "default on JDK 21", false), NativeBackends.choose(null, null, 21));
    assertEquals(new NativeBackends.Choice("jna", "default on JDK 17", false), NativeBackends.choose(null, null, 17));
  }

  @Test
  void theSystemPropertyWinsOverTheEnvironment() {
    assertEquals(new NativeBackends.Choice("jna", "-Drtnl4j.backend=jna", true), NativeBackends.choose("jna", "ffm", 25));
    assertEquals(new NativeBackends.Choice("ffm", "-Drtnl4j.backend=ffm", true), NativeBackends.choose("ffm", "jna", 25));
  }

  @Test
  void theEnvironmentDecidesWhenThePropertyIsUnsetOrEmpty() {
    assertEquals(new NativeBackends.Choice("jna", "RTNL4J_BACKEND=jna", true), NativeBackends.choose(null, "jna", 25));
    assertEquals(new NativeBackends.Choice("jna", "RTNL4J_BACKEND=jna", true), NativeBackends.choose("", "jna", 25));
    assertEquals(new NativeBackends.Choice("ffm", "default on JDK 25", false), NativeBackends.choose("", "", 25));
  }

  @Test
  void anUnknownValueIsRefusedWithItsSourceAndTheAcceptedValues() {
    IllegalStateException p = assertThrows(IllegalStateException.class, () -> NativeBackends.choose("FFM", null, 25));
    assertEquals("-Drtnl4j.backend=FFM: unknown native backend \"FFM\"; accepted: ffm, jna", p.getMessage());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> NativeBackends.choose(null, "jnr", 25));
    assertEquals("RTNL4J_BACKEND=jnr: unknown native backend \"jnr\"; accepted: ffm, jna", e.getMessage());
    IllegalStateException n = assertThrows(IllegalStateException.class, () -> NativeBackends.named("panama"));
    assertEquals("backend panama: unknown native backend \"panama\"; accepted: ffm, jna", n.getMessage());
  }

  @Test
  void aPlatformOtherThanLinuxOnX8664IsRefusedNamingIt() {
    NativeBackends.requireLinuxX8664("Linux", "amd64");
    NativeBackends.requireLinuxX8664("Linux", "x86_64");
    IllegalStateException arm = assertThrows(IllegalStateException.class,
        () -> NativeBackends.requireLinuxX8664("Linux", "aarch64"));
    assertEquals("rtnl4j's native layer is built for Linux on x86_64 (its system call numbers and struct layouts);"
        + " this JVM runs on Linux aarch64", arm.getMessage());
    IllegalStateException mac = assertThrows(IllegalStateException.class,
        () -> NativeBackends.requireLinuxX8664("Mac OS X", "x86_64"));
    assertTrue(mac.getMessage().endsWith("this JVM runs on Mac OS X x86_64"), mac.getMessage());
  }

  @Test
  void ffmForcedOnAJdkBefore22IsRefusedWithTheReason() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> NativeBackends.choose(null, "ffm", 21));
    assertEquals("RTNL4J_BACKEND=ffm: the FFM backend needs JDK 22 or later; this is JDK 21 "
        + "(use jna, with the JNA jar net.java.dev.jna:jna)", e.getMessage());
  }

  @Test
  void ffmByNameLoadsFromJdk22AndIsRefusedBeforeWithTheReason() {
    int jdk = Runtime.version().feature();
    if (jdk >= NativeBackends.FFM_SINCE) {
      assertEquals("ffm", NativeBackends.named("ffm").name());
    } else {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> NativeBackends.named("ffm"));
      assertEquals("backend ffm: the FFM backend needs JDK 22 or later; this is JDK " + jdk
          + " (use jna, with the JNA jar net.java.dev.jna:jna)", e.getMessage());
    }
  }

  @Test
  void thisJvmChoosesOnceWhatItsSettingsSay() {
    NativeBackend b = NativeBackends.get();
    assertSame(b, NativeBackends.get());
    String expected = NativeBackends.choose(System.getProperty(NativeBackends.PROPERTY), System.getenv(NativeBackends.ENVIRONMENT),
        Runtime.version().feature()).backend();
    assertEquals(expected, b.name());
  }

  /** The run of the "jna" Surefire execution is on JNA, the default one on FFM (see TestRunBackend). */
  @Test
  void theSuiteRunsOnTheBackendItsTestRunNames() {
    TestRunBackend.assertActive();
  }

  // ---- real JVMs

  /** This test JVM's class path (Surefire's, not its booter jar's), with or without the JNA jar. */
  static String classPath(boolean withJna) {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = Arrays.stream(cp.split(File.pathSeparator))
        .filter(e -> withJna || !e.contains(File.separator + "jna-"))
        .collect(Collectors.toList());
    assertTrue(entries.stream().anyMatch(e -> e.contains(File.separator + "jna-")) == withJna, "class path: " + entries);
    return String.join(File.pathSeparator, entries);
  }

  /** Runs {@link BackendProbe} in a new JVM and returns its one line of output. */
  static String probe(boolean withJna, Map<String, String> env, String... jvmOptions) throws Exception {
    return probeOn(classPath(withJna), env, jvmOptions);
  }

  /** Runs {@link BackendProbe} in a new JVM on the class path {@code cp}, and returns its one line of output. */
  static String probeOn(String cp, Map<String, String> env, String... jvmOptions) throws Exception {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", cp));
    argv.addAll(List.of(jvmOptions));
    argv.add(BackendProbe.class.getName());
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().remove(NativeBackends.ENVIRONMENT);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM ended");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void aJvmForcedToJnaWithoutTheJnaJarSaysTheJarIsMissing() throws Exception {
    String out = probe(false, Map.of("RTNL4J_BACKEND", "jna"));
    assertTrue(out.startsWith("error: RTNL4J_BACKEND=jna: the JNA jar (net.java.dev.jna:jna) is not on the class or module path ("),
        out);
  }

  @Test
  void aJvmWithoutTheJnaJarRunsOnFfmByDefaultFromJdk22AndSaysWhatIsMissingBefore() throws Exception {
    int jdk = Runtime.version().feature();
    String out = probe(false, Map.of());
    if (jdk >= NativeBackends.FFM_SINCE) {
      assertEquals("ffm pid=", out.replaceAll("[0-9]+$", ""));
    } else {
      assertTrue(out.startsWith("error: rtnl4j needs JDK 22 or later (this is JDK " + jdk
          + "), or the JNA jar (net.java.dev.jna:jna) on the class or module path ("), out);
    }
  }

  /**
   * The FFM backend is only in the multi-release jar's {@code META-INF/versions/22}: a JVM given
   * the base classes (the build's class directory, which is never multi-release) finds none, and
   * says where it is. Before JDK 22, the same JVM runs on JNA, as it would from the jar.
   */
  @Test
  void aJvmOnTheBaseClassesAloneSaysTheFfmBackendIsInTheMultiReleaseJar() throws Exception {
    String jar = NativeBackends.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertTrue(jar.endsWith(".jar"), "the tests run on the jar: " + jar);
    String cp = classPath(true);
    assertTrue(cp.contains(jar), cp);
    String out = probeOn(cp.replace(jar, Path.of(jar).resolveSibling("classes").toString()), Map.of());
    if (Runtime.version().feature() >= NativeBackends.FFM_SINCE) {
      assertTrue(out.startsWith("error: the FFM backend is in META-INF/versions/22 of the multi-release jar "
          + "rtnl4j-native, and this JDK " + Runtime.version().feature() + " loaded the base classes"), out);
    } else {
      assertEquals("jna pid=", out.replaceAll("[0-9]+$", ""));
    }
  }

  @Test
  void aJvmTakesJnaFromThePropertyOverTheEnvironment() throws Exception {
    assertEquals("jna pid=", probe(true, Map.of("RTNL4J_BACKEND", "ffm"), "-Drtnl4j.backend=jna").replaceAll("[0-9]+$", ""));
  }

  @Test
  void aJvmGivenAnUnknownBackendSaysSoOnEveryCall() throws Exception {
    assertEquals("error: RTNL4J_BACKEND=jnr: unknown native backend \"jnr\"; accepted: ffm, jna",
        probe(true, Map.of("RTNL4J_BACKEND", "jnr")));
  }
}
