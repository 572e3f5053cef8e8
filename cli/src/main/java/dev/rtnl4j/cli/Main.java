package dev.rtnl4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rtnl4j} command line: the entry point of {@code bin/rtnl4j}.
 *
 * <p>Each sub-command is a class of its own in this package. Exit status: 0 on success, 1 on
 * failure, 2 on bad usage; errors go to stderr on one line.
 */
@Command(
    name = "rtnl4j",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Linux networking for the JVM: rtnetlink, network namespaces, kernel modules, containers.",
    subcommands = {
        CommandLine.HelpCommand.class,
        UpCommand.class,
        DownCommand.class,
        StatusCommand.class,
        BenchCommand.class,
        SoakCommand.class,
        ModprobeCommand.class,
        ModulesLoadCommand.class,
        KernelConfigCommand.class,
        PreloadCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit status; used by tests. */
  public static int run(String... args) {
    return new CommandLine(new Main()).setExitCodeExceptionMapper(t -> 1).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
