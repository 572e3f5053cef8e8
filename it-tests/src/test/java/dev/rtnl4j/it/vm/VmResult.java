package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rtnl4j.testkit.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DynamicTest;

/**
 * What one boot of the kernel VM gave: the guest's test results, what went wrong with the boot
 * itself, the guest's console and how long things took.
 *
 * @param results each guest test's outcome, in the order they ran
 * @param problems what went wrong with the boot itself (timeout, no result, a phase's JVM that
 *     exited abnormally, a preload that failed); empty when the guest ran every phase
 * @param console the guest's serial console (kernel messages and the tests' output), CRs removed
 * @param timings how long it took and how big the image was
 */
public record VmResult(List<GuestResult> results, List<String> problems, String console, Timings timings) {
  /** How much of the console a failure message carries. */
  public static final int CONSOLE_TAIL = 6000;

  public VmResult {
    results = List.copyOf(results);
    problems = List.copyOf(problems);
  }

  /**
   * Sizes and durations of one boot.
   *
   * @param imageMillis getting the base archive (near 0 when cached)
   * @param imageCached whether the base archive came from the cache
   * @param classDataSharing whether the guest JVM got a class data sharing archive
   * @param trainingMillis the class data sharing training run on the host
   * @param initrdBytes the initramfs size
   * @param runArchiveMillis writing the initramfs (base copied, run archive appended)
   * @param qemuMillis qemu's wall time, start to exit
   * @param guestBootedAt the guest's uptime (s) when /init started
   * @param guestDoneAt the guest's uptime (s) when every phase had run
   */
  public record Timings(long imageMillis, boolean imageCached, boolean classDataSharing, long trainingMillis,
      long initrdBytes, long runArchiveMillis, long qemuMillis, OptionalDouble guestBootedAt,
      OptionalDouble guestDoneAt) {
    @Override
    public String toString() {
      return String.format("initramfs %.1f MB (base archive %s in %.1f s, class data sharing %s in %.1f s,"
              + " initramfs written in %.2f s), qemu %.1f s wall, guest /init at %s s, done at %s s of guest uptime",
          initrdBytes / 1e6, imageCached ? "cached" : "built", imageMillis / 1e3,
          classDataSharing ? "trained" : "FAILED", trainingMillis / 1e3, runArchiveMillis / 1e3,
          qemuMillis / 1e3, seconds(guestBootedAt), seconds(guestDoneAt));
    }

    private static String seconds(OptionalDouble d) {
      return d.isPresent() ? String.format("%.1f", d.getAsDouble()) : "?";
    }
  }

  /** True when the boot went through and no guest test failed. */
  public boolean passed() {
    return problems.isEmpty() && results.stream().noneMatch(r -> r.status() == GuestResult.Status.FAILED);
  }

  /** The last {@code max} characters of the console, marked as cut when longer. */
  public String consoleTail(int max) {
    if (console.isBlank()) {
      return "(empty: the guest printed nothing; the kernel boots with 'quiet', so a hang before /init shows nothing)";
    }
    if (console.length() <= max) {
      return console;
    }
    return "[... " + (console.length() - max) + " earlier characters cut ...]\n" + console.substring(console.length() - max);
  }

  /** One line: counts and timings. */
  public String summary() {
    long passed = results.stream().filter(r -> r.status() == GuestResult.Status.PASSED).count();
    long failed = results.stream().filter(r -> r.status() == GuestResult.Status.FAILED).count();
    long skipped = results.stream().filter(r -> r.status() == GuestResult.Status.SKIPPED).count();
    return "kernel VM: " + passed + " passed, " + failed + " failed, " + skipped + " skipped"
        + (problems.isEmpty() ? "" : ", " + problems.size() + " boot problem(s)") + "; " + timings;
  }

  /**
   * One JUnit dynamic test per guest result (named by its test id, passing, failing with the
   * guest's message and the console's tail, or skipping through {@link Require}, which fails in
   * CI), then {@code kernelVmRanEveryPhaseToCompletion}, which fails with the problems and the
   * console when the boot did not go through or gave no result.
   */
  public List<DynamicTest> dynamicTests() {
    List<DynamicTest> tests = new ArrayList<>();
    for (GuestResult r : results) {
      String name = r.testId() + (r.phase() > 1 ? " (phase " + r.phase() + ")" : "");
      tests.add(DynamicTest.dynamicTest(name, () -> {
        switch (r.status()) {
          case PASSED -> { }
          case SKIPPED -> Require.that(false, "skipped in the kernel VM: " + r.message());
          case FAILED -> fail(r.testId() + " failed in the kernel VM (" + r.millis() + " ms):\n" + r.message()
              + "\n--- guest console, last " + CONSOLE_TAIL + " characters ---\n" + consoleTail(CONSOLE_TAIL));
        }
      }));
    }
    tests.add(DynamicTest.dynamicTest("kernelVmRanEveryPhaseToCompletion", () -> {
      if (!problems.isEmpty()) {
        fail("the kernel VM did not run to completion:\n  - " + String.join("\n  - ", problems)
            + "\n--- guest console, last " + CONSOLE_TAIL + " characters ---\n" + consoleTail(CONSOLE_TAIL));
      }
    }));
    return tests;
  }
}
