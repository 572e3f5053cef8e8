package dev.rtnl4j.cli;

import dev.rtnl4j.nspawn.ContainerRuntime;
import dev.rtnl4j.nspawn.ContainerState;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rtnl4j status [-j]}: the containers rtnl4j started on this machine that still run. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "List the containers rtnl4j started on this machine that are running.")
final class StatusCommand implements Callable<Integer> {
  @Option(names = {"-j", "--json"}, description = "Print a JSON array (name, leaderPid, netns, addresses, ...).")
  boolean json;

  @Mixin
  ContainerOptions options;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (ContainerRuntime runtime = options.runtime()) {
      List<ContainerState> states = runtime.list();
      if (json) {
        out.println("[" + String.join(",", states.stream().map(ContainerState::toJson).toList()) + "]");
      } else {
        out.printf("%-20s %-8s %-8s %-11s %-24s %s%n", "NAME", "LEADER", "NSPAWN", "MODE", "NETNS", "ADDRESSES");
        for (ContainerState s : states) {
          out.printf("%-20s %-8d %-8d %-11s %-24s %s%n", s.name(), s.leaderPid(), s.nspawnPid(),
              s.mode().name().toLowerCase(java.util.Locale.ROOT), s.netns() == null ? "-" : s.netns(),
              String.join(", ", s.addresses()));
        }
      }
    }
    out.flush();
    return 0;
  }
}
