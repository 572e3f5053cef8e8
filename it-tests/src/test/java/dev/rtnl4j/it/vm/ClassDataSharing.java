package dev.rtnl4j.it.vm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Makes the guest JVM start faster: a dynamic class data sharing archive of the classes the
 * guest's test runner loads, dumped on the host by the guest's own runtime running
 * {@link GuestMain} in JUnit's dry-run mode (tests discovered, none executed) on the laid-out
 * classpath (see {@link GuestClasspath}), after loading every class of rtnl4j, the tests and
 * JUnit (see {@link #loadClassesToArchive()}). The JVM accepts the archive in the guest although the
 * classpath moved (from the host's work directory to /rtnl4j/cp), since the jars keep their
 * names, order, sizes and times. Class loading and verification are what software emulation
 * makes slowest; the archive roughly halves the runner's start-up.
 *
 * <p>Optional by design: when training fails, the guest runs without the archive.
 */
final class ClassDataSharing {
  /** The system property that tells {@link GuestMain} it runs for training. */
  static final String TRAINING_PROPERTY = "rtnl4j.vm.cds.training";

  private ClassDataSharing() {}

  /**
   * In the training JVM: loads (without initialising) every class of the classpath jars of
   * rtnl4j, the tests and JUnit, so the archive holds them although the dry run executes no
   * test. Classes that cannot load (an optional dependency missing) are passed over.
   */
  static void loadClassesToArchive() {
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String file = Path.of(entry).getFileName().toString();
      if (!file.matches("\\d+-(rtnl4j|test-classes|junit|opentest4j).*\\.jar")) {
        continue;
      }
      try (JarFile jar = new JarFile(entry)) {
        for (String name : jar.stream().map(JarEntry::getName)
            .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
            .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
            .toList()) {
          try {
            Class.forName(name, false, loader);
          } catch (LinkageError | ClassNotFoundException e) {
            // optional dependency absent: nothing to archive
          }
        }
      } catch (IOException e) {
        // an unreadable jar: the guest will say so when it needs it
      }
    }
  }

  /**
   * What training gave.
   *
   * @param archive the archive, or null when training failed
   * @param millis how long training took
   * @param failure why it failed (with the JVM's output), or ""
   */
  record Training(Path archive, long millis, String failure) {}

  /**
   * Runs the training JVM: {@code runtime}/bin/java with {@code jvmOptions}, the classpath and the
   * test classes, dumping {@code archive} at exit. Never throws for a failed training.
   *
   * @throws InterruptedException when interrupted (the training JVM is then killed)
   */
  static Training train(Path runtime, List<String> jvmOptions, List<Path> classpath, List<String> classes,
      Path archive) throws InterruptedException {
    long start = System.nanoTime();
    List<String> argv = new ArrayList<>();
    argv.add(runtime.resolve("bin/java").toString());
    argv.addAll(jvmOptions);
    argv.add("-XX:ArchiveClassesAtExit=" + archive);
    argv.add("-Xlog:cds*=off,aot*=off");
    argv.add("-Djunit.platform.execution.dryRun.enabled=true");
    argv.add("-D" + TRAINING_PROPERTY + "=true");
    argv.add("-cp");
    argv.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    argv.add(GuestMain.class.getName());
    argv.addAll(classes);
    Path log = archive.resolveSibling(archive.getFileName() + ".log");
    String failure;
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          failure = "the training JVM did not finish in 120 s";
        } else if (p.exitValue() != 0) {
          failure = "the training JVM exited with status " + p.exitValue();
        } else if (!Files.isRegularFile(archive)) {
          failure = "the training JVM wrote no archive";
        } else {
          failure = "";
        }
      } finally {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      failure = "cannot run the training JVM: " + e.getMessage();
    }
    if (!failure.isEmpty()) {
      failure += ": " + String.join(" ", argv) + "\n" + read(log);
    }
    return new Training(failure.isEmpty() ? archive : null, (System.nanoTime() - start) / 1_000_000, failure);
  }

  private static String read(Path log) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
