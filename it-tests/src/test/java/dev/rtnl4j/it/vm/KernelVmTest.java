package dev.rtnl4j.it.vm;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.TestAbortedException;

/**
 * Boots the kernel VM once and runs every guest test class ({@code @Tag("vm")}, see
 * {@link KernelVm}) of the test classpath in it: first those that need a clean kernel, then those
 * tagged {@code vm-preload} after the preload modules are loaded. Each guest result becomes a
 * dynamic test here, so it counts in the build's report like any other test.
 *
 * <p>{@code -Drtnl4j.vm.include=REGEX} keeps only the guest classes whose name matches (found
 * anywhere in it); {@code -Drtnl4j.vm.timeout=SECONDS} sets the time the boot may take (240).
 */
class KernelVmTest {

  @TestFactory
  List<DynamicTest> guestTestsPassInsideTheKernelVm() throws Exception {
    try {
      KernelVm.requireHost();
    } catch (TestAbortedException e) {
      // Surefire does not count a skipped factory: report the skip as a (skipped) test.
      return List.of(DynamicTest.dynamicTest("kernelVmCanRunOnThisMachine", () -> {
        throw e;
      }));
    }
    Pattern include = Pattern.compile(System.getProperty("rtnl4j.vm.include", ""));
    List<String> clean = guestClasses(KernelVm.TAG, KernelVm.TAG_PRELOAD, include);
    List<String> preload = guestClasses(KernelVm.TAG_PRELOAD, null, include);
    List<GuestPhase> phases = new ArrayList<>();
    if (!clean.isEmpty()) {
      phases.add(GuestPhase.cleanKernel(clean));
    }
    if (!preload.isEmpty()) {
      phases.add(new GuestPhase(preload, KernelVm.PRELOAD_MODULES));
    }
    if (phases.isEmpty()) {
      throw new AssertionError("no guest test class (tagged \"" + KernelVm.TAG + "\") on the test classpath"
          + (include.pattern().isEmpty() ? "" : " matches -Drtnl4j.vm.include=" + include.pattern()));
    }
    Duration timeout = Duration.ofSeconds(Long.getLong("rtnl4j.vm.timeout", 240));
    VmResult result = KernelVm.runPhases(phases, timeout, VmOptions.defaults());
    System.out.println(result.summary());
    return result.dynamicTests();
  }

  /**
   * The top-level classes under dev.rtnl4j with a test tagged {@code tag} and none tagged
   * {@code excluded}, found by the JUnit Platform's own discovery.
   */
  static List<String> guestClasses(String tag, String excluded, Pattern include) {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage("dev.rtnl4j"))
        .filters(TagFilter.includeTags(tag));
    if (excluded != null) {
      request.filters(TagFilter.excludeTags(excluded));
    }
    LauncherDiscoveryRequest built = request.build();
    TestPlan plan = LauncherFactory.create().discover(built);
    Set<String> classes = new TreeSet<>();
    for (TestIdentifier root : plan.getRoots()) {
      for (TestIdentifier id : plan.getDescendants(root)) {
        id.getSource()
            .filter(ClassSource.class::isInstance)
            .map(s -> ((ClassSource) s).getClassName())
            .filter(name -> !name.contains("$") && include.matcher(name).find())
            .ifPresent(classes::add);
      }
    }
    return List.copyOf(classes);
  }
}
