package dev.rtnl4j.it.vm;

import dev.rtnl4j.testkit.Require;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs JUnit tests inside a virtual machine booting Debian's kernel (linux-image-amd64, with
 * loadable modules and the dummy, vlan, ipvlan... link kinds this machine's kernel lacks), under
 * {@code qemu-system-x86_64} in software emulation ({@code -accel tcg}).
 *
 * <h2>Writing a guest test</h2>
 * A guest test is an ordinary JUnit 5 class in the it-tests test sources, tagged
 * {@code @Tag("vm")} ({@link #TAG}) and named {@code *VmTest}. The tag keeps Surefire from running
 * it on the host (it-tests' pom excludes the group); {@link KernelVmTest} finds every such class
 * with the JUnit Platform's discovery and runs them all in one boot, each guest result a dynamic
 * test of its own in the build's report ({@code KernelVmTest ... dev.rtnl4j.it.vm.GuestSmokeVmTest#method}).
 * {@link GuestSmokeVmTest}, {@link GuestNetlinkVmTest} and {@link GuestLinkKindsVmTest} are examples.
 *
 * <p>In the guest a test runs:
 * <ul>
 *   <li>as root, in the VM's initial network namespace (only {@code lo}, down), with /run/netns
 *       an empty tmpfs, and /proc, /sys, /dev (devtmpfs), /tmp mounted;</li>
 *   <li>with the environment {@code RTNL4J_VM=1}, {@code RTNL4J_SANDBOX=1} (the VM is the
 *       sandbox, so {@code Require.sandbox()} passes), {@code RTNL4J_VM_PHASE=n} and the host's
 *       {@code RTNL4J_NO_SKIP} (a skip in the guest fails in CI, as on the host);</li>
 *   <li>on a clean kernel: no module loaded when the phase starts (what was loaded is in
 *       /run/rtnl4j/modules-before-phase-n), and the kernel's own module autoloading is off
 *       (/proc/sys/kernel/modprobe is empty), so a link kind or other module is there only once a
 *       test (rtnl4j's module loader) or a preload loaded it. Modules of the image:
 *       {@link #IMAGE_MODULES} and their dependencies, with every modules.* index, in
 *       /lib/modules/RELEASE; uncompressed {@code .ko} files (Debian's 6.1 packages ship them
 *       uncompressed);</li>
 *   <li>with the classes of the it-tests test classpath: all main classes of every module
 *       (it-tests depends on cli, which depends on everything), the native test kit
 *       ({@code Require}), JUnit; and the JDK modules of {@link GuestRuntime#MODULES} only.</li>
 * </ul>
 * Tag a class also {@code @Tag("vm-preload")} ({@link #TAG_PRELOAD}) when it needs the link kinds
 * of {@link #PRELOAD_MODULES} before rtnl4j can load modules itself: those classes run in a second
 * phase (a second guest JVM in the same boot), after busybox modprobe loaded them. Test classes of
 * other modules are not on the guest's classpath: to run, say, java-api's {@code *VmTest} classes
 * in the guest, give java-api a test-jar (maven-jar-plugin {@code test-jar} goal) and it-tests a
 * test-scoped dependency on it (their {@code @Tag("vm")} must then be excluded by java-api's
 * Surefire too), or keep VM test classes in it-tests, which is simpler.
 *
 * <p>Run them alone with {@code it-tests/kernel-vm/run}, or
 * {@code ./mvnw -B -pl it-tests -am verify -Dtest=KernelVmTest -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code -Drtnl4j.vm.include=REGEX} restricts the guest classes, {@code -Drtnl4j.vm.timeout=SECONDS}
 * sets the timeout (default 240), {@code -Drtnl4j.vm.keep=true} keeps the initramfs and the logs
 * (their directory is printed). The environment variable {@code RTNL4J_VM_KERNEL} picks a kernel
 * release when /boot has several, {@code RTNL4J_VM_CACHE} the cache directory.
 *
 * <h2>Calling it directly</h2>
 * <pre>{@code
 * VmResult r = KernelVm.run(List.of("dev.rtnl4j.it.vm.GuestSmokeVmTest"), Duration.ofSeconds(240),
 *     VmOptions.defaults());                      // or .withPreloadModules(List.of("dummy"))
 * return r.dynamicTests();                        // from a @TestFactory
 * }</pre>
 * {@link #runPhases} runs several {@link GuestPhase}s (test classes after their preloads) in one
 * boot. A missing qemu, kernel or busybox-static skips the test through {@code Require} (a failure
 * in CI) naming the Debian package to install.
 *
 * <h2>The image and the boot</h2>
 * See {@link GuestImage}: an uncompressed initramfs with a jlinked runtime of the JDK running the
 * tests, busybox-static and the modules, cached under {@code ~/.cache/rtnl4j/vm} (kept by
 * {@code mvn clean}); the test classpath and a class data sharing archive for it
 * ({@link ClassDataSharing}) are added at every boot. The guest's /init runs each phase's JVM
 * ({@link GuestMain}) and powers off. Results come back on the second serial port, which carries
 * nothing else, so kernel messages cannot garble them (see {@link GuestProtocol}); the first one
 * is the console (kernel messages and the tests' output), attached to every failure.
 */
public final class KernelVm {
  /** The tag of tests that run in the guest (and never on the host). */
  public static final String TAG = "vm";

  /** The tag of guest tests that need {@link #PRELOAD_MODULES} loaded before they start. */
  public static final String TAG_PRELOAD = "vm-preload";

  /** The modules in the image (besides {@link VmOptions#extraModules()}), dependencies come along. */
  public static final List<String> IMAGE_MODULES = List.of(
      "bridge", "stp", "llc", "macvlan", "macvtap", "tap", "tun", "veth", "dummy", "8021q", "garp", "mrp",
      "ipvlan", "ipvtap", "vxlan", "geneve", "bonding", "team", "team_mode_activebackup", "team_mode_roundrobin",
      "ifb", "nlmon", "vrf", "ipip", "ip_gre", "sit", "ip6_tunnel", "macsec", "wireguard");

  /** What a {@link #TAG_PRELOAD} phase loads first: the link kinds missing on this machine's kernel. */
  public static final List<String> PRELOAD_MODULES = List.of("dummy", "8021q", "ipvlan", "macvlan", "veth", "bridge", "vxlan");

  static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
  static final Path BUSYBOX = Path.of("/bin/busybox");

  private KernelVm() {}

  /**
   * Boots the VM once and runs {@code testClasses} in one phase, after loading
   * {@code options.preloadModules()}.
   *
   * @throws IOException when the image cannot be built or qemu not started
   * @throws InterruptedException when interrupted while the VM runs (qemu is then killed)
   */
  public static VmResult run(List<String> testClasses, Duration timeout, VmOptions options)
      throws IOException, InterruptedException {
    return runPhases(List.of(new GuestPhase(testClasses, options.preloadModules())), timeout, options);
  }

  /**
   * Boots the VM once and runs the phases in order. The test fails (or, outside CI, is skipped)
   * through {@link Require} when qemu, the kernel or busybox-static is missing.
   *
   * @param timeout for the whole boot; qemu is killed after it and the result says so
   * @throws IOException when the image cannot be built or qemu not started
   * @throws InterruptedException when interrupted while the VM runs (qemu is then killed)
   */
  public static VmResult runPhases(List<GuestPhase> phases, Duration timeout, VmOptions options)
      throws IOException, InterruptedException {
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("nothing to run in the kernel VM: no phase");
    }
    GuestKernel kernel = requireHost();
    Set<String> modules = new LinkedHashSet<>(IMAGE_MODULES);
    modules.addAll(options.extraModules());
    phases.forEach(p -> modules.addAll(p.preloadModules()));
    GuestImage.Base base = GuestImage.base(cacheDir(), kernel, BUSYBOX, List.copyOf(modules));

    Path work = Files.createTempDirectory("rtnl4j-vm-");
    try {
      long start = System.nanoTime();
      List<Path> classpath = GuestClasspath.layOut(testClasspath(), Files.createDirectory(work.resolve("cp")));
      List<String> allClasses = phases.stream().flatMap(p -> p.testClasses().stream()).toList();
      ClassDataSharing.Training cds = ClassDataSharing.train(base.runtime(), GuestImage.JVM_OPTIONS, classpath,
          allClasses, work.resolve("app.jsa"));
      if (cds.archive() == null) {
        System.out.println("kernel VM: no class data sharing archive, the guest JVM starts slower: " + cds.failure());
      }
      Path initrd = work.resolve("initrd.cpio");
      GuestImage.initrd(initrd, base.file(), classpath, cds.archive(), phases, guestEnvironment());
      long initrdBytes = Files.size(initrd);
      long runArchiveMillis = (System.nanoTime() - start) / 1_000_000 - cds.millis();

      Path console = work.resolve("console.log");
      Path results = work.resolve("results.log");
      Path qemuLog = work.resolve("qemu.log");
      List<String> argv = qemuCommand(kernel, initrd, console, results, options);
      long qemuStart = System.nanoTime();
      Process qemu = new ProcessBuilder(argv)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(qemuLog.toFile())
          .start();
      boolean exited;
      try {
        exited = qemu.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        if (qemu.isAlive()) {
          qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      long qemuMillis = (System.nanoTime() - qemuStart) / 1_000_000;

      String consoleText = read(console);
      GuestProtocol.Report report = GuestProtocol.parse(read(results));
      List<String> problems = new ArrayList<>();
      if (!exited) {
        problems.add("the VM did not finish within " + timeout.toSeconds() + " s and was killed");
      } else if (qemu.exitValue() != 0) {
        problems.add("qemu exited with status " + qemu.exitValue() + ": " + read(qemuLog).strip()
            + "\n    command: " + String.join(" ", argv));
      }
      if (!report.done() && exited) {
        problems.add("the guest stopped before it reported being done (see the console: a kernel panic, or /init died)");
      }
      for (int p = 1; p <= phases.size(); p++) {
        Integer status = report.phaseExits().get(p);
        if (status != null && status != 0) {
          problems.add("the guest JVM of phase " + p + " exited with status " + status);
        }
      }
      report.preloads().forEach((module, status) -> {
        if (status != 0) {
          problems.add("modprobe " + module.substring(module.indexOf(':') + 1) + " failed in the guest with status "
              + status + " (phase " + module.substring(0, module.indexOf(':')) + ")");
        }
      });
      if (report.results().isEmpty()) {
        problems.add("the guest reported no test result");
      }
      for (String line : report.malformed()) {
        problems.add("a garbled line on the results port: " + line);
      }
      VmResult.Timings timings = new VmResult.Timings(base.buildMillis(), base.cached(), cds.archive() != null,
          cds.millis(), initrdBytes, runArchiveMillis, qemuMillis, report.bootedAt(), report.doneAt());
      return new VmResult(report.results(), problems, consoleText, timings);
    } finally {
      if (Boolean.getBoolean("rtnl4j.vm.keep")) {
        System.out.println("kernel VM: kept " + work + " (initrd.cpio, console.log, results.log, qemu.log)");
      } else {
        deleteTree(work);
      }
    }
  }

  /**
   * Checks through {@link Require} that qemu, a Debian kernel with its modules and busybox-static
   * are installed, and returns the kernel to boot.
   */
  static GuestKernel requireHost() throws IOException {
    Require.tool(QEMU.toString(), "qemu-system-x86");
    GuestKernel kernel = GuestKernel.find().orElse(null);
    Require.that(kernel != null, "no kernel image /boot/vmlinuz-* with its modules in /lib/modules/*/modules.dep"
        + (System.getenv("RTNL4J_VM_KERNEL") == null ? "" : " for RTNL4J_VM_KERNEL=" + System.getenv("RTNL4J_VM_KERNEL"))
        + ": install the Debian package linux-image-amd64 (bin/test does, as root)");
    Require.that(StaticElf.isStaticExecutable(BUSYBOX), BUSYBOX + " is missing or not statically linked:"
        + " install the Debian package busybox-static (bin/test does, as root)");
    Require.tool("/usr/bin/ldd", "libc-bin");
    Require.that(GuestRuntime.jlink().isPresent(), "the JDK running the tests (" + System.getProperty("java.home")
        + ") has no jlink: run the build with a full JDK");
    return kernel;
  }

  /** Where base archives are cached: $RTNL4J_VM_CACHE, else ~/.cache/rtnl4j/vm (kept by mvn clean). */
  static Path cacheDir() {
    String env = System.getenv("RTNL4J_VM_CACHE");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "rtnl4j", "vm");
  }

  /** The host test JVM's classpath, without Surefire's own jars. */
  static List<Path> testClasspath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    List<Path> entries = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) {
      if (e.isBlank()) {
        continue;
      }
      Path p = Path.of(e);
      String name = p.getFileName().toString();
      if (name.startsWith("surefire") || e.contains("/org/apache/maven/surefire/")) {
        continue;
      }
      entries.add(p);
    }
    return entries;
  }

  /** The guest tests' environment: see the class comment. */
  static Map<String, String> guestEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RTNL4J_VM", "1");
    env.put("RTNL4J_SANDBOX", "1");
    env.put("RTNL4J_NO_SKIP", System.getenv().getOrDefault("RTNL4J_NO_SKIP", "0"));
    return env;
  }

  static List<String> qemuCommand(GuestKernel kernel, Path initrd, Path console, Path results, VmOptions options) {
    return List.of(QEMU.toString(),
        "-accel", "tcg", "-cpu", "max",
        "-m", Integer.toString(options.memoryMb()), "-smp", Integer.toString(options.cpus()),
        "-nodefaults", "-no-user-config", "-display", "none", "-monitor", "none", "-no-reboot",
        "-serial", "file:" + console, "-serial", "file:" + results,
        "-kernel", kernel.image().toString(), "-initrd", initrd.toString(),
        "-append", "console=ttyS0 panic=-1 quiet");
  }

  private static String read(Path p) throws IOException {
    if (!Files.exists(p)) {
      return "";
    }
    // The guest may write anything: decode leniently, drop CRs the tty adds.
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8).replace("\r", "");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
