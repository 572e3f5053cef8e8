package dev.rtnl4j.cli;

import dev.rtnl4j.nspawn.ContainerRuntime;
import dev.rtnl4j.nspawn.ContainerSpec;
import dev.rtnl4j.nspawn.ContainerState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code rtnl4j down SPEC.json|NAME…}: stops containers started by rtnl4j (SIGRTMIN+4 to the
 * leader, then kill after a timeout) and removes their links and namespaces. Exit 1 when one was
 * not running or its clean-up had problems.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Stop containers started by rtnl4j (by containers file or by name) and remove their links and namespaces.")
final class DownCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "SPEC.json|NAME", description = "Containers files or container names.")
  List<String> targets;

  @Mixin
  ContainerOptions options;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> names = new ArrayList<>();
    for (String t : targets) {
      Path p = Path.of(t);
      if (t.endsWith(".json") || Files.isRegularFile(p)) {
        try {
          for (ContainerSpec s : SpecFile.read(p)) {
            names.add(s.name());
          }
        } catch (SpecFile.SpecFileException e) {
          err.println("rtnl4j down: " + e.getMessage());
          return 2;
        }
      } else {
        names.add(t);
      }
    }
    int status = 0;
    try (ContainerRuntime runtime = options.runtime()) {
      List<ContainerState> states = new ArrayList<>();
      for (String n : names) {
        ContainerState s = runtime.readState(n);
        if (s == null) {
          err.println("rtnl4j down: container \"" + n + "\": not running (no state in " + options.stateDir + ")");
          status = 1;
        } else {
          states.add(s);
        }
      }
      for (ContainerRuntime.StopReport r : runtime.stopAll(states, 4)) {
        out.printf("%s stopped in %.0f ms%s%n", r.name(), r.took().toNanos() / 1e6,
            r.poweredOff() ? "" : " (killed: no power-off within the timeout)");
        for (String problem : r.problems()) {
          err.println("rtnl4j down: container \"" + r.name() + "\": " + problem);
          status = 1;
        }
      }
    }
    out.flush();
    err.flush();
    return status;
  }
}
