package dev.rtnl4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rtnl4j route [show]}: Show the main routing table (like ip route show; -6 for IPv6). */
@Command(name = "route", mixinStandardHelpOptions = true, description = "Show the main routing table (like ip route show; -6 for IPv6).",
    subcommands = RouteCommand.Show.class)
final class RouteCommand implements Callable<Integer> {
  @Mixin ShowOptions options;

  @Parameters(arity = "0..1", paramLabel = "IFNAME", description = "Only this interface.")
  String dev;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Listing.print(Listing.What.ROUTE, options, dev, spec.commandLine().getOut());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** {@code rtnl4j route show}. */
  @Command(name = "show", aliases = {"list", "ls"}, mixinStandardHelpOptions = true, description = "Show the main routing table (like ip route show; -6 for IPv6).")
  static final class Show implements Callable<Integer> {
    @Mixin ShowOptions options;

    @Parameters(arity = "0..1", paramLabel = "IFNAME", description = "Only this interface.")
    String dev;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Listing.print(Listing.What.ROUTE, options, dev, spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
