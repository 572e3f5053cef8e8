package dev.rtnl4j.it.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.LinkedHashMap;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The Java runtime of the guest: a {@code jlink}ed image of the JDK running the host tests, and
 * the host's shared libraries it needs (glibc), found with {@code ldd}.
 *
 * <p>The image holds {@link #MODULES} only, with a default CDS archive (JVM start-up is the
 * largest part of a guest test run under software emulation).
 */
final class GuestRuntime {
  /**
   * The JDK modules of the guest runtime: java.base, and java.logging for the JUnit Platform
   * (which logs through java.util.logging). Add a module here when a guest test needs one.
   */
  static final List<String> MODULES = List.of("java.base", "java.logging");

  /** The jlink options besides the modules and the output. */
  static final List<String> JLINK_OPTIONS =
      List.of("--strip-debug", "--no-header-files", "--no-man-pages", "--generate-cds-archive");

  private GuestRuntime() {}

  /** The jlink tool of the running JDK, if it has one (a JRE does not). */
  static Optional<ToolProvider> jlink() {
    return ToolProvider.findFirst("jlink");
  }

  /**
   * Links the runtime into {@code output} (which must not exist) and removes the CDS archive for
   * uncompressed oops, which a guest heap under 32 GiB never uses.
   *
   * @throws IOException when jlink fails (with its output) or the image cannot be trimmed
   */
  static void link(Path output) throws IOException {
    ToolProvider jlink = jlink().orElseThrow(() -> new IOException(
        "the JDK running the tests (" + System.getProperty("java.home") + ") has no jlink tool: build with a full JDK"));
    List<String> args = new ArrayList<>(List.of("--add-modules", String.join(",", MODULES)));
    args.addAll(JLINK_OPTIONS);
    args.addAll(List.of("--output", output.toString()));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int status;
    try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      status = jlink.run(ps, ps, args.toArray(String[]::new));
    }
    if (status != 0) {
      throw new IOException("jlink " + String.join(" ", args) + " failed with status " + status + ":\n"
          + log.toString(StandardCharsets.UTF_8));
    }
    Files.deleteIfExists(output.resolve("lib/server/classes_nocoops.jsa"));
  }

  /**
   * The host shared libraries the runtime's executables and libraries load, as {@code ldd}
   * reports them: guest path (where the dynamic loader looks, e.g. /lib64/ld-linux-x86-64.so.2)
   * to the host file holding it. Libraries of the runtime itself are left out.
   *
   * @throws IOException when ldd fails or reports a library it cannot find outside the runtime
   */
  static SequencedMap<String, Path> sharedLibraries(Path image) throws IOException {
    Path runtime = image.toAbsolutePath().normalize();
    SequencedMap<String, Path> libraries = new LinkedHashMap<>();
    List<Path> elves = new ArrayList<>();
    elves.add(runtime.resolve("bin/java"));
    try (Stream<Path> files = Files.walk(runtime.resolve("lib"))) {
      files.filter(p -> p.getFileName().toString().endsWith(".so")).sorted().forEach(elves::add);
    }
    List<String> runtimeLibraries;
    try (Stream<Path> files = Files.walk(runtime)) {
      runtimeLibraries = files.map(p -> p.getFileName().toString()).toList();
    }
    for (Path elf : elves) {
      for (String line : ldd(elf)) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("linux-vdso") || l.startsWith("statically linked")) {
          continue;
        }
        int arrow = l.indexOf("=>");
        String name = arrow >= 0 ? l.substring(0, arrow).strip() : l.substring(0, l.indexOf(' ') > 0 ? l.indexOf(' ') : l.length());
        String where = arrow >= 0 ? l.substring(arrow + 2).strip() : name;
        if (where.startsWith("not found")) {
          if (runtimeLibraries.contains(name)) {
            continue; // e.g. libjvm.so, found at run time through the runtime's own search path
          }
          throw new IOException("ldd " + elf + ": " + name + " not found");
        }
        int paren = where.indexOf(" (");
        String path = paren >= 0 ? where.substring(0, paren) : where;
        if (Path.of(path).normalize().startsWith(runtime)) {
          continue;
        }
        if (!path.startsWith("/")) {
          throw new IOException("ldd " + elf + ": cannot understand the line '" + l + "'");
        }
        libraries.putIfAbsent(path, Path.of(path));
      }
    }
    return libraries;
  }

  private static List<String> ldd(Path elf) throws IOException {
    Process p = new ProcessBuilder("/usr/bin/ldd", elf.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      int status = p.waitFor();
      if (status != 0) {
        throw new IOException("ldd " + elf + " failed with status " + status + ": " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running ldd " + elf, e);
    }
    return out.lines().toList();
  }
}
