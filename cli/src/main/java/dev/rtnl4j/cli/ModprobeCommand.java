package dev.rtnl4j.cli;

import dev.rtnl4j.kmod.KernelModule;
import dev.rtnl4j.kmod.KernelModules;
import dev.rtnl4j.kmod.KmodException;
import dev.rtnl4j.kmod.LoadOutcome;
import dev.rtnl4j.kmod.ModprobeConfig;
import dev.rtnl4j.kmod.ModuleLoader;
import dev.rtnl4j.kmod.ModuleSettings;
import dev.rtnl4j.kmod.ProbeOptions;
import dev.rtnl4j.kmod.ProbePlan;
import dev.rtnl4j.sys.Errno;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rtnl4j modprobe}: kmod's {@code modprobe}, in-process, with kmod's options, output,
 * messages and exit status ({@code --show-depends} prints byte for byte what kmod prints).
 */
@Command(name = "modprobe", sortOptions = false,
    description = "Load a kernel module and its dependencies, as kmod's modprobe does, without kmod.")
public final class ModprobeCommand implements Callable<Integer> {
  private static final String PROGRAM = "modprobe";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-a", "--all"}, description = "Every argument is a module name.")
  boolean all;

  @Option(names = {"-D", "--show-depends"}, description = "Only print what loading would do (insmod/builtin/install lines).")
  boolean showDepends;

  @Option(names = {"-n", "--dry-run", "--show"}, description = "Do not load anything.")
  boolean dryRun;

  @Option(names = {"-R", "--resolve-alias"}, description = "Only print the module names an alias resolves to.")
  boolean resolveAlias;

  @Option(names = {"-c", "--showconfig", "--show-config"}, description = "Print the configuration and the alias indexes.")
  boolean showConfig;

  @Option(names = {"-i", "--ignore-install"}, description = "Ignore install commands.")
  boolean ignoreInstall;

  @Option(names = {"-b", "--use-blacklist"}, description = "Apply the blacklist to the names given too.")
  boolean useBlacklist;

  @Option(names = "--first-time", description = "Fail if the module is already loaded.")
  boolean firstTime;

  @Option(names = {"-C", "--config"}, paramLabel = "CONFIG", description = "Configuration file or directory (repeatable) instead of the defaults.")
  List<Path> config = new ArrayList<>();

  @Option(names = {"-d", "--dirname"}, paramLabel = "ROOT", description = "Root directory of /lib/modules.")
  String root;

  @Option(names = {"-S", "--set-version"}, paramLabel = "RELEASE", description = "Kernel release instead of uname -r.")
  String release;

  @Option(names = {"-q", "--quiet"}, description = "No messages.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Print what is done.")
  boolean[] verbose = new boolean[0];

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(paramLabel = "NAME [PARAMS...]", description = "Module name or alias, then its parameters (with -a: names).")
  List<String> args = new ArrayList<>();

  /** The kernel command line to use; null reads /proc/cmdline (tests set it). */
  String kernelCommandLine;
  boolean kernelCommandLineSet;

  private PrintWriter out;
  private PrintWriter err;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    try {
      return run();
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int run() {
    if (!showConfig && args.isEmpty()) {
      log("ERROR", "missing parameters. See -h.");
      return 1;
    }
    String rel = release != null ? release : ModuleSettings.runningRelease();
    Path dir = root != null || release != null
        ? Path.of((root == null ? "" : root) + "/lib/modules/" + rel)
        : ModuleSettings.MODULES_ROOT.resolve(rel);
    ModuleSettings settings = ModuleSettings.forRelease(rel).withModuleDirectory(dir);
    if (kernelCommandLineSet) {
      settings = settings.withKernelCommandLine(kernelCommandLine);
    }
    if (!config.isEmpty()) {
      settings = settings.withConfigPaths(config);
    }
    ModprobeConfig cfg;
    try {
      cfg = ModprobeConfig.load(settings.configPaths(), settings.moduleDirectory(), settings.kernelCommandLine());
    } catch (KmodException e) {
      log("ERROR", e.getMessage());
      return 1;
    }
    for (ModprobeConfig.Problem p : cfg.problems()) {
      // kmod 30 reports these before its own logging is set up, in libkmod's format.
      String where = switch (p.kind()) {
        case DEPRECATED_COMMAND -> "../libkmod/libkmod-config.c:708 kmod_config_parse";
        case BAD_LINE -> "../libkmod/libkmod-config.c:712 kmod_config_parse";
        case NESTED_DIRECTORY -> "../libkmod/libkmod-config.c:772 conf_files_filter_out";
      };
      err.print("libkmod: ERROR " + where + ": " + p.message() + "\n");
    }
    KernelModules opened;
    try {
      opened = KernelModules.open(settings, cfg, msg -> log("ERROR", msg));
    } catch (KmodException e) {
      // kmod finds nothing in a directory without indexes, and says so name by name.
      if (showConfig) {
        out.print(cfg.describe());
        out.print("\n# End of configuration files. Dumping indexes now:\n\n");
        return 0;
      }
      for (String a : all ? args : args.subList(0, 1)) {
        log(all ? "WARNING" : "FATAL", "Module " + a + " not found in directory " + dir.toAbsolutePath());
      }
      return 1;
    }
    try (KernelModules km = opened) {
      if (showConfig) {
        return showConfig(km);
      }
      if (all) {
        int status = 0;
        for (String a : args) {
          if (insmod(km, a, null, "WARNING") < 0) {
            status = 1;
          }
        }
        return status;
      }
      return insmod(km, args.get(0), optionsFromArgs(args), "FATAL") < 0 ? 1 : 0;
    } catch (KmodException e) {
      log("FATAL", e.getMessage());
      return 1;
    }
  }

  /** kmod's options_from_array: PARAMS joined by spaces, a value with a space quoted. */
  static String optionsFromArgs(List<String> args) {
    if (args.size() < 2) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (sb.length() > 0) {
        sb.append(' ');
      }
      int eq = a.indexOf('=');
      String value = eq < 0 ? null : a.substring(eq + 1);
      if (value != null && !value.startsWith("\"") && !value.startsWith("'") && value.indexOf(' ') >= 0) {
        sb.append(a, 0, eq + 1).append('"').append(value).append('"');
      } else {
        sb.append(a);
      }
    }
    return sb.toString();
  }

  private int insmod(KernelModules km, String alias, String extraOptions, String notFoundLevel) {
    // kmod 30's modprobe looks every argument up as a name or alias (a path finds nothing).
    List<KernelModule> list;
    try {
      list = km.lookup(alias);
    } catch (IllegalArgumentException e) {
      list = List.of();
    }
    if (list.isEmpty()) {
      log(notFoundLevel, "Module " + alias + " not found in directory " + km.directory());
      return -Errno.ENOENT;
    }
    ProbeOptions o = new ProbeOptions(showDepends, ignoreInstall,
        useBlacklist ? ProbeOptions.Blacklist.REQUESTED : ProbeOptions.Blacklist.ALIASES, firstTime);
    boolean show = showDepends || verbose.length > 0;
    boolean dry = dryRun || showDepends;
    int e = 0;
    ModuleLoader loader = dry ? null : new ModuleLoader(km);
    for (KernelModule m : list) {
      if (resolveAlias) {
        out.print(m.name() + "\n");
        e = 0;
        continue;
      }
      ProbePlan plan = km.plan(m, extraOptions, o);
      if (show) {
        out.print(plan.showDepends());
      }
      if (dry) {
        e = plan.outcome() == ProbePlan.Outcome.ALREADY_IN_KERNEL && firstTime ? -Errno.EEXIST : 0;
      } else {
        List<LoadOutcome> outcomes = new ArrayList<>();
        e = loader.execute(plan, o, outcomes);
        for (LoadOutcome lo : outcomes) {
          if (lo instanceof LoadOutcome.Failed f && f.errno() == 0) {
            log("ERROR", f.message());
          }
        }
      }
      if (e < 0) {
        reportInsertError(m, e);
      }
    }
    return e;
  }

  private void reportInsertError(KernelModule m, int e) {
    if (e == -Errno.EEXIST) {
      log("ERROR", "could not insert '" + m.name() + "': Module already in kernel");
    } else if (e == -Errno.ENOENT) {
      log("ERROR", "could not insert '" + m.name() + "': Unknown symbol in module, or unknown parameter (see dmesg)");
    } else {
      log("ERROR", "could not insert '" + m.name() + "': " + Errno.describe(-e));
    }
  }

  private int showConfig(KernelModules km) {
    out.print(km.config().describe());
    out.print("\n# End of configuration files. Dumping indexes now:\n\n");
    km.forEachAlias((k, v) -> out.print("alias " + k + " " + v + "\n"));
    km.forEachSymbol((k, v) -> out.print("alias " + k + " " + v + "\n"));
    return 0;
  }

  private void log(String level, String message) {
    if (quiet) {
      return;
    }
    err.print(PROGRAM + ": " + level + ": " + message + "\n");
  }
}
