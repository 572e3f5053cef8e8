package dev.rtnl4j.cli;

import dev.rtnl4j.nspawn.ContainerRuntime;
import dev.rtnl4j.nspawn.ContainerSpec;
import dev.rtnl4j.nspawn.StartOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rtnl4j up SPEC.json}: starts every container of a containers file and returns when each
 * is ready (or failed), printing each one's phase times. Exit status 1 when any failed (the others
 * stay up); 2 for a bad file.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Start the containers of a containers file (containers.nix options as JSON); "
        + "returns when every one is ready and prints its phase times.")
final class UpCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SPEC.json", description = "The containers file.")
  Path file;

  @Option(names = "--dry-run", description = "Print the plan (links, addresses, routes, nspawn argv); do nothing.")
  boolean dryRun;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "4",
      description = "Containers booting at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Mixin
  ContainerOptions options;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<ContainerSpec> specs;
    try {
      specs = SpecFile.read(file);
    } catch (SpecFile.SpecFileException e) {
      err.println("rtnl4j up: " + e.getMessage());
      return 2;
    }
    try (ContainerRuntime runtime = options.runtime()) {
      if (dryRun) {
        for (ContainerSpec s : specs) {
          out.println("container " + s.name() + " (" + runtime.mode().name().toLowerCase(java.util.Locale.ROOT) + "):");
          for (String step : runtime.plan(s).describe()) {
            out.println("  " + step);
          }
          for (String forward : runtime.portForwardPlan(s)) {
            out.println("  " + forward);
          }
          out.println("  exec " + String.join(" ", runtime.nspawnArgv(s).stream().map(UpCommand::quote).toList()));
        }
        out.flush();
        return 0;
      }
      long t0 = System.nanoTime();
      List<StartOutcome> outcomes = runtime.startAll(specs, concurrency);
      long wall = System.nanoTime() - t0;
      int failed = 0;
      for (StartOutcome o : outcomes) {
        if (o.started()) {
          out.println(o.name() + " ready: leader " + o.container().leaderPid() + ", " + o.container().times());
        } else {
          failed++;
          err.println(o.failure().getMessage());
        }
      }
      List<dev.rtnl4j.nspawn.PhaseTimes> times = outcomes.stream().filter(StartOutcome::started)
          .map(o -> o.container().times()).toList();
      out.printf(java.util.Locale.ROOT, "up: %d ready, %d failed, %.0f ms in all%n", times.size(), failed, wall / 1e6);
      if (times.size() > 1) {
        summary(out, "rtnl4j", times.stream().map(dev.rtnl4j.nspawn.PhaseTimes::rtnl4jShare).toList());
        summary(out, "leader", times.stream().map(dev.rtnl4j.nspawn.PhaseTimes::leader).toList());
        summary(out, "ready", times.stream().map(dev.rtnl4j.nspawn.PhaseTimes::ready).toList());
      }
      out.flush();
      err.flush();
      return failed == 0 ? 0 : 1;
    }
  }

  private static void summary(PrintWriter out, String phase, List<java.time.Duration> values) {
    double[] ms = values.stream().mapToDouble(d -> d.toNanos() / 1e6).sorted().toArray();
    out.printf(java.util.Locale.ROOT, "  %-7s p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n", phase,
        pct(ms, 50), pct(ms, 90), pct(ms, 99), ms[ms.length - 1]);
  }

  private static double pct(double[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static String quote(String arg) {
    if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_=./:,+@%".indexOf(c) >= 0)) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
