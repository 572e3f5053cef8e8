package dev.rtnl4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rtnl4j neigh [show]}: Show neighbour (ARP/NDP) entries (like ip neigh show). */
@Command(name = "neigh", mixinStandardHelpOptions = true, description = "Show neighbour (ARP/NDP) entries (like ip neigh show).",
    subcommands = NeighCommand.Show.class)
final class NeighCommand implements Callable<Integer> {
  @Mixin ShowOptions options;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return Listing.run(Listing.What.NEIGH, options, spec);
  }

  /** {@code rtnl4j neigh show}. */
  @Command(name = "show", aliases = {"list", "ls"}, mixinStandardHelpOptions = true, description = "Show neighbour (ARP/NDP) entries (like ip neigh show).")
  static final class Show implements Callable<Integer> {
    @Mixin ShowOptions options;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return Listing.run(Listing.What.NEIGH, options, spec);
    }
  }
}
