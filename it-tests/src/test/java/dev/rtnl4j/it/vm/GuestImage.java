package dev.rtnl4j.it.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.stream.Stream;

/**
 * Builds the guest's initramfs: two uncompressed newc cpio archives in one file.
 *
 * <ol>
 *   <li>The <em>base</em> archive, cached under the cache directory and keyed by a hash of its
 *       inputs: the jlinked runtime at /opt/java with the glibc it needs, the static busybox at
 *       /bin/busybox, and the kernel's modules (the {@link KernelVm#IMAGE_MODULES} and their
 *       dependencies per modules.dep, with every modules.* index file).</li>
 *   <li>The <em>run</em> archive, written for every boot: the test classpath under /rtnl4j/cp
 *       (see {@link GuestClasspath}), a class data sharing archive for it (see
 *       {@link ClassDataSharing}), one JVM argument file per phase and /init.</li>
 * </ol>
 *
 * <p>Uncompressed, because under software emulation the kernel inflates a gzip'd initramfs
 * slower (about 3.4 s more for 77 MB here) than qemu loads and the kernel copies the plain one.
 */
final class GuestImage {
  /** Bump when the base archive's layout changes, so cached ones are rebuilt. */
  private static final String BASE_FORMAT = "rtnl4j-vm-base-2";
  private static final String JAVA_HOME = "/opt/java";
  private static final String CP_DIR = "/rtnl4j/cp";
  private static final String CDS_ARCHIVE = "/rtnl4j/app.jsa";
  /** How long a cached base archive (or runtime) stays unused before a build removes it. */
  private static final Duration STALE = Duration.ofDays(3);

  private GuestImage() {}

  /** The guest JVM's options, in the guest and in the class data sharing training run alike. */
  static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
      "-Xmx384m", "--enable-native-access=ALL-UNNAMED",
      // Map the CDS archives where they were dumped: relocating them (JDK 25's default, for
      // address space randomisation) took about 2.5 s of each guest JVM's start under emulation.
      "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

  /**
   * A built base archive, the jlinked runtime it holds (kept for the class data sharing training
   * run) and what getting them cost.
   */
  record Base(Path file, Path runtime, boolean cached, long buildMillis) {}

  /**
   * The base archive for {@code kernel} with {@code modules} (and their dependencies): the cached
   * one when its inputs are unchanged, else built (into a temporary file renamed into place, so
   * concurrent builds are safe) and older base archives removed.
   *
   * @throws IOException when the runtime, busybox, a library or a module cannot be archived
   */
  static Base base(Path cacheDir, GuestKernel kernel, Path busybox, List<String> modules) throws IOException {
    long start = System.nanoTime();
    KernelModules index = KernelModules.read(kernel.modules());
    SequencedSet<String> moduleFiles = index.closure(modules);
    List<Path> indexFiles = indexFiles(kernel.modules());

    Digest key = new Digest();
    key.add(BASE_FORMAT);
    Path javaHome = Path.of(System.getProperty("java.home"));
    key.add(javaHome.toString());
    key.file(javaHome.resolve("release"));
    key.file(javaHome.resolve("lib/modules"));
    key.add(GuestRuntime.MODULES.toString());
    key.add(GuestRuntime.JLINK_OPTIONS.toString());
    key.file(busybox);
    key.add(kernel.version());
    for (String m : moduleFiles) {
      key.add(m);
      key.file(kernel.modules().resolve(m));
    }
    for (Path f : indexFiles) {
      key.file(f);
    }
    key.file(Path.of("/lib/x86_64-linux-gnu/libc.so.6"));
    String hash = key.hex().substring(0, 20);

    Files.createDirectories(cacheDir);
    Path file = cacheDir.resolve("base-" + hash + ".cpio");
    Path runtimeDir = cacheDir.resolve("runtime-" + hash);
    if (Files.isRegularFile(file) && Files.isExecutable(runtimeDir.resolve("bin/java"))) {
      // Marks them in use: the clean-up below spares what was used lately.
      FileTime now = FileTime.fromMillis(System.currentTimeMillis());
      Files.setLastModifiedTime(file, now);
      Files.setLastModifiedTime(runtimeDir, now);
      return new Base(file, runtimeDir, true, (System.nanoTime() - start) / 1_000_000);
    }
    Path work = Files.createTempDirectory(cacheDir, "build-");
    try {
      // The runtime goes into place first and the archive is built from it, so the base archive
      // always holds the very runtime (and CDS archive) that ClassDataSharing trains with, also
      // when a concurrent build put its runtime in place first.
      if (!Files.isExecutable(runtimeDir.resolve("bin/java"))) {
        Path linked = work.resolve("java");
        GuestRuntime.link(linked);
        moveIntoPlace(linked, runtimeDir);
      }
      Path runtime = runtimeDir;
      Path tmp = work.resolve("base.cpio");
      try (CpioWriter cpio = new CpioWriter(Files.newOutputStream(tmp))) {
        for (String dir : List.of("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/dev", "/proc", "/sys", "/tmp", "/run",
            "/root", "/etc", "/var")) {
          cpio.directory(dir, 0755);
        }
        cpio.charDevice("/dev/console", 0600, 5, 1);
        cpio.charDevice("/dev/null", 0666, 1, 3);
        cpio.file("/bin/busybox", 0755, busybox);
        tree(cpio, runtime, JAVA_HOME);
        for (Map.Entry<String, Path> lib : GuestRuntime.sharedLibraries(runtime).entrySet()) {
          cpio.file(lib.getKey(), 0755, lib.getValue());
        }
        String moduleDir = "/lib/modules/" + kernel.version();
        for (Path f : indexFiles) {
          cpio.file(moduleDir + "/" + f.getFileName(), 0644, f);
        }
        for (String m : moduleFiles) {
          cpio.file(moduleDir + "/" + m, 0644, kernel.modules().resolve(m));
        }
        cpio.file("/etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        cpio.file("/etc/group", 0644, "root:x:0:\n".getBytes(StandardCharsets.UTF_8));
      }
      moveIntoPlace(tmp, file);
    } finally {
      deleteTree(work);
    }
    // Other base archives may belong to other checkouts (another branch's harness, another JDK)
    // sharing the cache: remove only those unused for STALE.
    FileTime staleBefore = FileTime.fromMillis(System.currentTimeMillis() - STALE.toMillis());
    try (Stream<Path> old = Files.list(cacheDir)) {
      for (Path p : old.filter(p -> p.getFileName().toString().matches("(base|runtime|build)-[0-9a-f]+(\\.cpio)?")
          && !p.equals(file) && !p.equals(runtimeDir)).toList()) {
        try {
          if (Files.getLastModifiedTime(p).compareTo(staleBefore) < 0) {
            deleteTree(p);
          }
        } catch (IOException e) {
          // gone already, or in use by a concurrent clean-up: either way not ours to fail on
        }
      }
    }
    return new Base(file, runtimeDir, false, (System.nanoTime() - start) / 1_000_000);
  }

  private static void moveIntoPlace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // A directory that exists already ("Directory not empty"): a concurrent build won.
      if (!Files.exists(target)) {
        throw e;
      }
    }
  }

  /**
   * Writes {@code initrd}: the base archive followed by the run archive holding the laid-out
   * classpath (see {@link GuestClasspath}) under /rtnl4j/cp, the class data sharing archive
   * when there is one, an argument file per phase and the /init script.
   *
   * @param cdsArchive the class data sharing archive for the guest JVM, or null for none
   * @throws IOException when a file cannot be archived or the initramfs written
   */
  static void initrd(Path initrd, Path base, List<Path> classpath, Path cdsArchive, List<GuestPhase> phases,
      Map<String, String> env) throws IOException {
    Files.copy(base, initrd, StandardCopyOption.REPLACE_EXISTING);
    try (OutputStream out = Files.newOutputStream(initrd, StandardOpenOption.APPEND);
        CpioWriter cpio = new CpioWriter(out)) {
      List<String> guestClasspath = new ArrayList<>();
      for (Path entry : classpath) {
        String name = CP_DIR + "/" + entry.getFileName();
        cpio.file(name, 0644, entry);
        guestClasspath.add(name);
      }
      if (cdsArchive != null) {
        cpio.file(CDS_ARCHIVE, 0644, cdsArchive);
      }
      for (int p = 0; p < phases.size(); p++) {
        cpio.file("/rtnl4j/phase-" + (p + 1) + ".args", 0644,
            argumentFile(p + 1, guestClasspath, cdsArchive != null, phases.get(p)).getBytes(StandardCharsets.UTF_8));
      }
      cpio.file("/init", 0755, initScript(phases, env).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The guest JVM's arguments for phase {@code n}, one a line (a java @argument file). */
  static String argumentFile(int n, List<String> guestClasspath, boolean cds, GuestPhase phase) {
    List<String> args = new ArrayList<>(JVM_OPTIONS);
    if (cds) {
      // The JVM says (as an error, though it goes on) that the jlinked runtime's own archive was
      // dumped without --enable-native-access: quiet, since nothing is wrong with the tests.
      args.addAll(List.of("-XX:SharedArchiveFile=" + CDS_ARCHIVE, "-Xlog:cds*=off,aot*=off"));
    }
    args.addAll(List.of("-Drtnl4j.vm.results=/dev/ttyS1", "-Drtnl4j.vm.phase=" + n,
        "-cp", String.join(":", guestClasspath),
        GuestMain.class.getName()));
    args.addAll(phase.testClasses());
    return String.join("\n", args) + "\n";
  }

  /**
   * The guest's /init (a busybox sh script): mounts the API file systems, then for each phase
   * loads its preload modules and runs the guest JVM, reporting on the results port
   * (/dev/ttyS1), and powers off. Class and module names are checked by {@link GuestPhase}, and
   * environment values are single-quoted, so nothing here is interpreted by the shell.
   */
  static String initScript(List<GuestPhase> phases, Map<String, String> env) {
    StringBuilder s = new StringBuilder();
    s.append("""
        #!/bin/busybox sh
        /bin/busybox --install -s
        export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TMPDIR=/tmp
        mount -t proc proc /proc
        mount -t sysfs sysfs /sys
        mount -t devtmpfs devtmpfs /dev
        mount -t tmpfs -o mode=1777 tmpfs /tmp
        mount -t tmpfs -o mode=0755 tmpfs /run
        mkdir -p /run/netns /run/rtnl4j /dev/pts /dev/shm
        hostname rtnl4j-vm
        # No module loads behind the tests' backs: the kernel's own request_module (which would
        # run /sbin/modprobe, busybox's here) is off; modules come from preloads or the tests.
        echo > /proc/sys/kernel/modprobe
        R=/dev/ttyS1
        stty -F $R raw -echo 2>/dev/null
        up() { read u rest < /proc/uptime; echo $u; }
        mark() { printf '%s\\n' "$1" > $R; printf '%s\\n' "$1"; }
        mark "$(printf 'RTNL4J-VM-BOOTED\\t%s' $(up))"
        """);
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("not an environment variable name: " + e.getKey());
      }
      s.append("export ").append(e.getKey()).append("='").append(e.getValue().replace("'", "'\\''")).append("'\n");
    }
    for (int p = 0; p < phases.size(); p++) {
      int n = p + 1;
      s.append("mark \"$(printf 'RTNL4J-VM-PHASE\\t").append(n).append("\\tSTART\\t%s' $(up))\"\n");
      s.append("cp /proc/modules /run/rtnl4j/modules-before-phase-").append(n).append("\n");
      s.append("export RTNL4J_VM_PHASE=").append(n).append("\n");
      for (String m : phases.get(p).preloadModules()) {
        s.append("modprobe ").append(m).append("; rc=$?; mark \"$(printf 'RTNL4J-VM-PRELOAD\\t").append(n).append("\\t")
            .append(m).append("\\t%s' $rc)\"\n");
      }
      s.append(JAVA_HOME).append("/bin/java @/rtnl4j/phase-").append(n).append(".args; rc=$?\n");
      s.append("mark \"$(printf 'RTNL4J-VM-PHASE\\t").append(n).append("\\tEXIT\\t%s\\t%s' $rc $(up))\"\n");
    }
    s.append("""
        mark "$(printf 'RTNL4J-VM-DONE\\t%s' $(up))"
        sync
        poweroff -f
        """);
    return s.toString();
  }

  /** The modules.* files at the top of a module tree (modules.dep, modules.alias.bin, ...). */
  private static List<Path> indexFiles(Path tree) throws IOException {
    try (Stream<Path> files = Files.list(tree)) {
      return files.filter(f -> f.getFileName().toString().startsWith("modules.") && Files.isRegularFile(f))
          .sorted().toList();
    }
  }

  /** Archives the tree at {@code source} under {@code target}, keeping symlinks and exec bits. */
  private static void tree(CpioWriter cpio, Path source, String target) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(source)) {
      paths = walk.sorted(Comparator.comparing(Path::toString)).toList();
    }
    for (Path p : paths) {
      String rel = source.relativize(p).toString();
      String name = rel.isEmpty() ? target : target + "/" + rel;
      if (Files.isSymbolicLink(p)) {
        cpio.symlink(name, Files.readSymbolicLink(p).toString());
      } else if (Files.isDirectory(p)) {
        cpio.directory(name, 0755);
      } else {
        cpio.file(name, Files.isExecutable(p) ? 0755 : 0644, p);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A SHA-256 over strings and file identities (path, size, modification time). */
  private static final class Digest {
    private final MessageDigest sha;

    Digest() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no SHA-256", e);
      }
    }

    void add(String s) {
      sha.update(s.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }

    void file(Path p) throws IOException {
      Path real = p.toRealPath();
      add(real + " " + Files.size(real) + " " + Files.getLastModifiedTime(real).toMillis());
    }

    String hex() {
      return HexFormat.of().formatHex(sha.digest());
    }
  }
}
