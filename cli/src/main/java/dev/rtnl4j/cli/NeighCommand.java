package dev.rtnl4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rtnl4j neigh [show]}: Show neighbour (ARP/NDP) entries (like ip neigh show). */
@Command(name = "neigh", mixinStandardHelpOptions = true, description = "Show neighbour (ARP/NDP) entries (like ip neigh show).",
    subcommands = NeighCommand.Show.class)
final class NeighCommand implements Callable<Integer> {
  @Mixin ShowOptions options;

  @Parameters(arity = "0..1", paramLabel = "IFNAME", description = "Only this interface.")
  String dev;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Listing.print(Listing.What.NEIGH, options, dev, spec.commandLine().getOut());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** {@code rtnl4j neigh show}. */
  @Command(name = "show", aliases = {"list", "ls"}, mixinStandardHelpOptions = true, description = "Show neighbour (ARP/NDP) entries (like ip neigh show).")
  static final class Show implements Callable<Integer> {
    @Mixin ShowOptions options;

    @Parameters(arity = "0..1", paramLabel = "IFNAME", description = "Only this interface.")
    String dev;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Listing.print(Listing.What.NEIGH, options, dev, spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
