package dev.rtnl4j.cli;

import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.sys.NativeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rtnl4j} command line: the entry point of {@code bin/rtnl4j}.
 *
 * <p>Each sub-command is a class of its own in this package. Exit status: 0 on success, 1 on
 * failure, 2 on bad usage; errors go to stderr on one line that says what to do.
 */
@Command(
    name = "rtnl4j",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Linux networking for the JVM: rtnetlink, network namespaces, kernel modules, containers.",
    subcommands = {
        CommandLine.HelpCommand.class,
        DemoCommand.class,
        UpCommand.class,
        DownCommand.class,
        StatusCommand.class,
        BenchCommand.class,
        SoakCommand.class,
        BootBenchCommand.class,
        JmhCommand.class,
        JmhTableCommand.class,
        LinkCommand.class,
        AddrCommand.class,
        RouteCommand.class,
        NeighCommand.class,
        ModprobeCommand.class,
        ModulesLoadCommand.class,
        KernelConfigCommand.class,
        PreloadCommand.class,
        AotTrainingCommand.class,
    })
public final class Main implements Runnable {
  /** Exit status of a failure. */
  static final int FAILURE = 1;
  /** Exit status of bad usage. */
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit status; used by tests. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line: one-line errors on stderr, statuses 0/1/2. */
  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? USAGE : FAILURE)
        .setParameterExceptionHandler(Main::badUsage)
        .setExecutionExceptionHandler(Main::failed);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Bad usage: "rtnl4j CMD: MESSAGE (see 'rtnl4j CMD --help')", status 2. */
  private static int badUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + oneLine(e.getMessage()) + " (see '" + name + " --help')");
    err.flush();
    return USAGE;
  }

  /** A failure: "rtnl4j CMD: MESSAGE[; what to do]", status 1. */
  private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + describe(e));
    err.flush();
    return FAILURE;
  }

  /** The message of a failure, with a hint saying what to do where one is known. */
  static String describe(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.util.concurrent.CompletionException
        || t instanceof java.lang.reflect.UndeclaredThrowableException) && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : oneLine(t.getMessage());
    String errno = t instanceof KernelException k ? k.errnoName() : t instanceof NativeException n ? n.errnoName() : null;
    if ("EPERM".equals(errno) || "EACCES".equals(errno)) {
      return message + "; run it as root (it needs CAP_NET_ADMIN / CAP_SYS_ADMIN)";
    }
    if (t instanceof CliException) {
      return message;
    }
    if (t instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + message;
    }
    if (t instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + message + "; run it as root";
    }
    return message;
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
