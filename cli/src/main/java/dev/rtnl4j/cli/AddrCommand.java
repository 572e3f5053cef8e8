package dev.rtnl4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rtnl4j addr [show]}: Show addresses (like ip addr show). */
@Command(name = "addr", mixinStandardHelpOptions = true, description = "Show addresses (like ip addr show).",
    subcommands = AddrCommand.Show.class)
final class AddrCommand implements Callable<Integer> {
  @Mixin ShowOptions options;

  @Parameters(arity = "0..1", paramLabel = "IFNAME", description = "Only this interface.")
  String dev;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Listing.print(Listing.What.ADDR, options, dev, spec.commandLine().getOut());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** {@code rtnl4j addr show}. */
  @Command(name = "show", aliases = {"list", "ls"}, mixinStandardHelpOptions = true, description = "Show addresses (like ip addr show).")
  static final class Show implements Callable<Integer> {
    @Mixin ShowOptions options;

    @Parameters(arity = "0..1", paramLabel = "IFNAME", description = "Only this interface.")
    String dev;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Listing.print(Listing.What.ADDR, options, dev, spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
