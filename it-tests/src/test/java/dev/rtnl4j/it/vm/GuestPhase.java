package dev.rtnl4j.it.vm;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One run of the guest's JVM: the modules loaded (with busybox modprobe) before it starts, then
 * the test classes it runs. Phases run in order in one boot, so tests that need a clean kernel (no
 * module loaded) go in a phase before any that preloads modules.
 *
 * @param testClasses fully qualified names of JUnit test classes on the it-tests test classpath
 * @param preloadModules kernel modules to load before the tests start (none for a clean kernel)
 * @throws IllegalArgumentException when there is no class, or a name is not a class or module name
 */
public record GuestPhase(List<String> testClasses, List<String> preloadModules) {
  private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
  private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_-]+");

  public GuestPhase {
    testClasses = List.copyOf(testClasses);
    preloadModules = List.copyOf(preloadModules);
    if (testClasses.isEmpty()) {
      throw new IllegalArgumentException("a guest phase needs at least one test class");
    }
    for (String c : testClasses) {
      if (!CLASS_NAME.matcher(c).matches()) {
        throw new IllegalArgumentException("not a fully qualified class name: '" + c + "'");
      }
    }
    for (String m : preloadModules) {
      if (!MODULE_NAME.matcher(m).matches()) {
        throw new IllegalArgumentException("not a kernel module name: '" + m + "'");
      }
    }
  }

  /** A phase on a clean kernel: no module preloaded. */
  public static GuestPhase cleanKernel(List<String> testClasses) {
    return new GuestPhase(testClasses, List.of());
  }

  /** True when {@code name} is acceptable as a kernel module name. */
  static boolean isModuleName(String name) {
    return MODULE_NAME.matcher(name).matches();
  }
}
