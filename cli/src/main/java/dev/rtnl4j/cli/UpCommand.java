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
          out.println("  exec " + String.join(" ", runtime.nspawnArgv(s).stream().map(UpCommand::quote).toList()));
        }
        out.flush();
        return 0;
      }
      List<StartOutcome> outcomes = runtime.startAll(specs, concurrency);
      int failed = 0;
      for (StartOutcome o : outcomes) {
        if (o.started()) {
          out.println(o.name() + " ready: leader " + o.container().leaderPid() + ", " + o.container().times());
        } else {
          failed++;
          err.println(o.failure().getMessage());
        }
      }
      out.flush();
      err.flush();
      return failed == 0 ? 0 : 1;
    }
  }

  static String quote(String arg) {
    if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_=./:,+@%".indexOf(c) >= 0)) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
