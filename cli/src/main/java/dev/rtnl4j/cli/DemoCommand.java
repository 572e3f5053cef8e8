package dev.rtnl4j.cli;

import dev.rtnl4j.bench.workload.BootResult;
import dev.rtnl4j.bench.workload.BootSpec;
import dev.rtnl4j.bench.workload.Implementation;
import dev.rtnl4j.bench.workload.Workload;
import dev.rtnl4j.bench.workload.WorkloadDriver;
import dev.rtnl4j.bench.workload.WorkloadResult;
import dev.rtnl4j.bench.workload.WorkloadSpec;
import dev.rtnl4j.nspawn.Image;
import dev.rtnl4j.nspawn.StartMode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtnl4j demo}: what rtnl4j does and how fast, on this machine, in under two minutes, in a
 * private network and mount namespace that vanishes at the end (the host's interfaces are never
 * touched). Steps: the seed's kernel modules; workload W1 with rtnl4j, {@code ip -batch} and one
 * {@code ip} per command; B1 boots with systemd-nspawn (busybox, and the host image when systemd is
 * installed); an HTML report. A step that cannot run here says why, and the demo goes on.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Show what rtnl4j does and how fast, on this machine: kernel modules, W1 with rtnl4j vs ip, "
        + "container boots with systemd-nspawn, and an HTML report.",
        "Runs in a private network + mount namespace that is removed at the end: the host's interfaces are never touched."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--containers", paramLabel = "N", defaultValue = "200",
      description = "Containers of workload W1 (default: ${DEFAULT-VALUE}).")
  int containers;

  @Option(names = "--boot", paramLabel = "K", defaultValue = "10",
      description = "Containers booted with systemd-nspawn per image (default: ${DEFAULT-VALUE}; 0 skips the step).")
  int boot;

  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "4",
      description = "Containers booting at a time (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--no-host-image", description = "Boot only the busybox image, not the host image.")
  boolean noHostImage;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Where to write the HTML report (default: /tmp/rtnl4j-demo-DATE.html).")
  Path report;

  @Option(names = "--in-current-netns",
      description = "Experts: run in the current network namespace instead of a private one.")
  boolean inCurrentNetns;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private PrintWriter out;
  private int failedSteps;

  @Override
  public Integer call() throws Exception {
    if (containers < 1 || containers > 10000) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--containers must be 1..10000, not " + containers);
    }
    if (boot < 0 || concurrency < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--boot must be 0 or more and --concurrency 1 or more");
    }
    if (!inCurrentNetns && !PrivateNamespace.inside()) {
      return PrivateNamespace.reexec(BootBenchCommand.originalArgs(spec));
    }
    out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    if (!inCurrentNetns) {
      PrivateNamespace.privateRunNetns();
      out.println("rtnl4j demo: running in a private network + mount namespace; your interfaces are not touched.");
    }
    HtmlReport html = new HtmlReport("rtnl4j demo");
    step("1. Kernel modules", () -> modules(html));
    step("2. W1 for " + containers + " containers: rtnl4j vs ip", () -> w1(html));
    step("3. Booting containers with systemd-nspawn (B1)", () -> boots(html));
    Path file = report != null ? report : Path.of("/tmp", "rtnl4j-demo-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".html");
    out.println();
    out.println("4. HTML report: " + html.write(file));
    out.println(String.format(Locale.ROOT, "demo finished in %.1f s%s", (System.nanoTime() - t0) / 1e9,
        failedSteps == 0 ? "" : "; " + failedSteps + " step(s) failed (see above)"));
    out.flush();
    return failedSteps == 0 ? 0 : 1;
  }

  private interface Step {
    void run() throws Exception;
  }

  private void step(String title, Step s) {
    out.println();
    out.println(title);
    out.flush();
    try {
      s.run();
    } catch (Exception e) {
      failedSteps++;
      out.println("  failed: " + Main.describe(e));
    }
    out.flush();
  }

  private void modules(HtmlReport html) {
    ModuleStep.Outcome o = ModuleStep.run(ModuleStep.SEED_MODULES);
    if (o.note() != null) {
      out.println("  " + o.note());
    }
    List<String[]> rows = new ArrayList<>();
    for (ModuleStep.Row r : o.rows()) {
      out.println(String.format(Locale.ROOT, "  %-8s %-14s %s", r.module(), r.statusText(), r.detail()));
      rows.add(new String[] {r.module(), r.statusText(), r.detail()});
    }
    html.modules(rows, o.note());
  }

  private void w1(HtmlReport html) throws Exception {
    List<String> impls = new ArrayList<>(List.of("rtnl4j"));
    String ip = System.getenv().getOrDefault("RTNL4J_IP", "/usr/sbin/ip");
    if (Files.isExecutable(Path.of(ip))) {
      impls.addAll(List.of("ip-batch", "ip"));
    } else {
      out.println("  " + ip + " is missing (package iproute2): only rtnl4j runs, nothing to compare with");
    }
    WorkloadSpec w = new WorkloadSpec(Workload.W1, containers, "dm");
    List<WorkloadResult> results = new ArrayList<>();
    for (String name : impls) {
      Implementation impl = Implementation.named(name);
      WorkloadResult r;
      try (Progress p = Progress.start("W1 with " + name, containers)) {
        r = WorkloadDriver.run(w, impl, true, true, p);
      }
      results.add(r);
    }
    out.println(String.format(Locale.ROOT, "  %-10s %10s %16s %14s", "tool", "total ms", "per container", "time vs rtnl4j"));
    double base = results.get(0).perContainerMicros();
    for (WorkloadResult r : results) {
      out.println(String.format(Locale.ROOT, "  %-10s %10.1f %13.1f µs %13.1f×", r.impl(), r.totalMillis(),
          r.perContainerMicros(), r.perContainerMicros() / base));
    }
    if (results.size() == 3) {
      out.println("  speed-up: rtnl4j is " + compared(results.get(1).perContainerMicros() / base) + " ip -batch and "
          + compared(results.get(2).perContainerMicros() / base) + " one ip per command");
    }
    for (WorkloadResult r : results) {
      out.println("  " + r.line());
    }
    html.w1(results);
  }

  /** "4.3× faster than" for a ratio of 4.3, "1.5× slower than" for 0.67. */
  static String compared(double ratio) {
    return ratio >= 1 ? String.format(Locale.ROOT, "%.1f× faster than", ratio)
        : String.format(Locale.ROOT, "%.1f× slower than", 1 / ratio);
  }

  private void boots(HtmlReport html) throws Exception {
    if (boot == 0) {
      out.println("  skipped (--boot 0)");
      html.skipped("b1", "B1: container boot latency", "--boot 0");
      return;
    }
    if (!PrivateNamespace.startedByRoot()) {
      String why = "booting containers needs root (systemd-nspawn does); run the demo with sudo to see this step";
      out.println("  skipped: " + why);
      html.skipped("b1", "B1: container boot latency", why);
      return;
    }
    if (!Files.isExecutable(Path.of("/usr/bin/systemd-nspawn"))) {
      String why = "/usr/bin/systemd-nspawn is missing (install the package systemd-container)";
      out.println("  skipped: " + why);
      html.skipped("b1", "B1: container boot latency", why);
      return;
    }
    List<Image> images = new ArrayList<>();
    if (Files.isExecutable(Path.of("/bin/busybox"))) {
      images.add(new Image.Busybox());
    } else {
      out.println("  busybox image skipped: /bin/busybox is missing (package busybox-static)");
      html.skipped("b1-busybox", "B1: busybox image", "/bin/busybox is missing (package busybox-static)");
    }
    if (noHostImage) {
      out.println("  host image skipped (--no-host-image)");
    } else if (Files.isExecutable(Path.of("/usr/lib/systemd/systemd")) || Files.isExecutable(Path.of("/lib/systemd/systemd"))) {
      images.add(new Image.Host());
    } else {
      out.println("  host image skipped: systemd is not installed on this machine");
      html.skipped("b1-host", "B1: host image", "systemd is not installed on this machine");
    }
    for (Image image : images) {
      BootResult r = BootRunner.run(new BootSpec(boot, concurrency, image, StartMode.PREPARED, "demo"), out);
      html.boot(r);
      if (!r.failures().isEmpty()) {
        failedSteps++;
      }
    }
  }
}
