package dev.rtnl4j.it.vm;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The guest's test runner: {@code GuestMain CLASS...} runs the named JUnit test classes with the
 * JUnit Platform Launcher and writes one {@link GuestProtocol} result line per test (and per test
 * class whose set-up failed or was skipped) to the results port named by the system property
 * {@code rtnl4j.vm.results} (the guest's /dev/ttyS1), echoing each on standard output.
 *
 * <p>Exits 0 when it ran the tests (whatever their outcome: the results say that), 2 when it
 * could not run them. Runs in the guest only; the host starts it through {@link KernelVm}.
 */
public final class GuestMain {
  private static final int MAX_MESSAGE = 6000;
  private static final int MAX_FRAMES = 40;

  private GuestMain() {}

  /** Runs the classes named in {@code args}; see the class comment. */
  public static void main(String[] args) {
    long mainStarted = System.currentTimeMillis();
    int phase = Integer.getInteger("rtnl4j.vm.phase", 0);
    String port = System.getProperty("rtnl4j.vm.results");
    int status;
    try (OutputStream out = port == null ? OutputStream.nullOutputStream() : new FileOutputStream(port)) {
      Reporter reporter = new Reporter(phase, out);
      List<ClassSelector> selectors = new ArrayList<>();
      for (String name : args) {
        if (ClassLoader.getSystemResource(name.replace('.', '/') + ".class") == null) {
          reporter.report(name, GuestResult.Status.FAILED, 0,
              "class " + name + " is not on the guest's classpath (it must be an it-tests test class, or on its test classpath)");
        } else {
          selectors.add(selectClass(name));
        }
      }
      if (Boolean.getBoolean(ClassDataSharing.TRAINING_PROPERTY)) {
        ClassDataSharing.loadClassesToArchive();
      }
      if (!selectors.isEmpty()) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
        long t0 = System.currentTimeMillis();
        Launcher launcher = LauncherFactory.create();
        long t1 = System.currentTimeMillis();
        TestPlan plan = launcher.discover(request);
        long t2 = System.currentTimeMillis();
        launcher.execute(plan, reporter);
        System.out.printf("rtnl4j-vm: phase %d: JUnit launcher %d ms, discovery %d ms, execution %d ms%n", phase,
            t1 - t0, t2 - t1, System.currentTimeMillis() - t2);
      }
      long jvmStart = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(mainStarted);
      System.out.printf("rtnl4j-vm: phase %d: JVM start to main %d ms, tests %d ms%n", phase, mainStarted - jvmStart,
          System.currentTimeMillis() - mainStarted);
      status = 0;
    } catch (IOException | RuntimeException e) {
      e.printStackTrace();
      status = 2;
    }
    System.out.flush();
    System.exit(status);
  }

  /** Turns JUnit execution events into result lines. */
  private static final class Reporter implements TestExecutionListener {
    private final int phase;
    private final OutputStream port;
    private final Map<String, Long> started = new HashMap<>();
    private TestPlan plan;

    Reporter(int phase, OutputStream port) {
      this.phase = phase;
      this.port = port;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
      this.plan = testPlan;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
      started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      if (id.isTest() || isClass(id)) {
        report(name(id), GuestResult.Status.SKIPPED, 0, "disabled: " + reason);
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      Long start = started.remove(id.getUniqueId());
      long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
      GuestResult.Status status = switch (result.getStatus()) {
        case SUCCESSFUL -> GuestResult.Status.PASSED;
        case ABORTED -> GuestResult.Status.SKIPPED;
        case FAILED -> GuestResult.Status.FAILED;
      };
      String message = result.getThrowable()
          .map(t -> status == GuestResult.Status.SKIPPED ? String.valueOf(t.getMessage()) : describe(t))
          .orElse("");
      if (id.isTest() || status != GuestResult.Status.PASSED) {
        // A container (class, engine) reports only when it failed or was aborted as a whole.
        report(name(id), status, millis, message);
      }
    }

    void report(String testId, GuestResult.Status status, long millis, String message) {
      String line = GuestProtocol.resultLine(new GuestResult(phase, testId, status, millis, message));
      // The console gets a short line for people; the results port gets the record.
      String first = message.lines().findFirst().orElse("");
      System.out.println("rtnl4j-vm: " + status + " " + testId + " (" + millis + " ms)" + (first.isEmpty() ? "" : ": " + first));
      System.out.flush();
      try {
        port.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        port.flush();
      } catch (IOException e) {
        throw new IllegalStateException("cannot write to the results port " + System.getProperty("rtnl4j.vm.results"), e);
      }
    }

    private static boolean isClass(TestIdentifier id) {
      return id.getSource().filter(ClassSource.class::isInstance).isPresent();
    }

    /** "class#method", "class#method [display name]" for an invocation, "class" for a class. */
    private String name(TestIdentifier id) {
      Optional<TestSource> source = id.getSource();
      if (source.isPresent() && source.get() instanceof MethodSource m) {
        String base = m.getClassName() + "#" + m.getMethodName();
        boolean invocation = plan != null && plan.getParent(id)
            .flatMap(TestIdentifier::getSource)
            .filter(MethodSource.class::isInstance)
            .isPresent();
        return invocation ? base + " " + id.getDisplayName() : base;
      }
      if (source.isPresent() && source.get() instanceof ClassSource c) {
        return c.getClassName();
      }
      // A dynamic test without a source, or an engine: name it by its parents' sources.
      String parent = plan == null ? "" : plan.getParent(id).map(this::name).orElse("");
      return parent.isEmpty() ? id.getDisplayName() : parent + " [" + id.getDisplayName() + "]";
    }
  }

  /**
   * The throwable's string and its stack and causes, without the frames of the test framework
   * (from the reflective call of the test method on) and at most {@value #MAX_FRAMES} frames.
   */
  static String describe(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    List<String> lines = w.toString().lines().toList();
    StringBuilder b = new StringBuilder();
    int frames = 0;
    int cut = 0;
    boolean inFramework = false;
    for (String line : lines) {
      String l = line.stripLeading();
      boolean frame = l.startsWith("at ");
      if (!frame) {
        if (cut > 0) {
          b.append("\t... ").append(cut).append(" more frames\n");
          cut = 0;
        }
        inFramework = false;
        if (!l.startsWith("... ")) {
          b.append(line).append('\n');
        }
        continue;
      }
      inFramework |= l.startsWith("at java.base/java.lang.reflect.Method.invoke")
          || l.startsWith("at java.base/jdk.internal.reflect.") || l.startsWith("at org.junit.platform.");
      if (inFramework || ++frames > MAX_FRAMES) {
        cut++;
        continue;
      }
      b.append(line).append('\n');
    }
    if (cut > 0) {
      b.append("\t... ").append(cut).append(" more frames\n");
    }
    String s = b.toString().stripTrailing();
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "\n[... cut at " + MAX_MESSAGE + " characters]";
  }
}
