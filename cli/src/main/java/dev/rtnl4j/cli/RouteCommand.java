package dev.rtnl4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rtnl4j route [show]}: Show the main routing table (like ip route show; -6 for IPv6). */
@Command(name = "route", mixinStandardHelpOptions = true, description = "Show the main routing table (like ip route show; -6 for IPv6).",
    subcommands = RouteCommand.Show.class)
final class RouteCommand implements Callable<Integer> {
  @Mixin ShowOptions options;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return Listing.run(Listing.What.ROUTE, options, spec);
  }

  /** {@code rtnl4j route show}. */
  @Command(name = "show", aliases = {"list", "ls"}, mixinStandardHelpOptions = true, description = "Show the main routing table (like ip route show; -6 for IPv6).")
  static final class Show implements Callable<Integer> {
    @Mixin ShowOptions options;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return Listing.run(Listing.What.ROUTE, options, spec);
    }
  }
}
