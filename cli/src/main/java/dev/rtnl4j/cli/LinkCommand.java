package dev.rtnl4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rtnl4j link [show]}: Show network interfaces (like ip link show). */
@Command(name = "link", mixinStandardHelpOptions = true, description = "Show network interfaces (like ip link show).",
    subcommands = LinkCommand.Show.class)
final class LinkCommand implements Callable<Integer> {
  @Mixin ShowOptions options;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return Listing.run(Listing.What.LINK, options, spec);
  }

  /** {@code rtnl4j link show}. */
  @Command(name = "show", aliases = {"list", "ls"}, mixinStandardHelpOptions = true, description = "Show network interfaces (like ip link show).")
  static final class Show implements Callable<Integer> {
    @Mixin ShowOptions options;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return Listing.run(Listing.What.LINK, options, spec);
    }
  }
}
