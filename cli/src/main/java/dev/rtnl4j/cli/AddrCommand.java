package dev.rtnl4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rtnl4j addr [show]}: Show addresses (like ip addr show). */
@Command(name = "addr", mixinStandardHelpOptions = true, description = "Show addresses (like ip addr show).",
    subcommands = AddrCommand.Show.class)
final class AddrCommand implements Callable<Integer> {
  @Mixin ShowOptions options;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return Listing.run(Listing.What.ADDR, options, spec);
  }

  /** {@code rtnl4j addr show}. */
  @Command(name = "show", aliases = {"list", "ls"}, mixinStandardHelpOptions = true, description = "Show addresses (like ip addr show).")
  static final class Show implements Callable<Integer> {
    @Mixin ShowOptions options;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return Listing.run(Listing.What.ADDR, options, spec);
    }
  }
}
