package dev.rtnl4j.cli;

import dev.rtnl4j.kmod.KernelCommandLine;
import dev.rtnl4j.kmod.KernelModules;
import dev.rtnl4j.kmod.KmodException;
import dev.rtnl4j.kmod.LoadOutcome;
import dev.rtnl4j.kmod.LoadPolicy;
import dev.rtnl4j.kmod.LoadReport;
import dev.rtnl4j.kmod.ModuleLoader;
import dev.rtnl4j.kmod.ModuleSettings;
import dev.rtnl4j.kmod.ModulesLoadConfig;
import dev.rtnl4j.kmod.ProbeOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rtnl4j modules-load}: what systemd-modules-load does, in-process: loads the modules of
 * {@code modules_load=} and the {@code modules-load.d} files. Exit status 1 when a module failed
 * (NixOS runs the service with {@code SuccessExitStatus = "0 1"}).
 */
@Command(name = "modules-load", sortOptions = false,
    description = "Load the modules listed in modules-load.d (and modules_load= on the kernel command line).")
public final class ModulesLoadCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "CONF_DIR_OR_FILE", description = "modules-load.d directories or .conf files instead of systemd's.")
  List<Path> paths = new ArrayList<>();

  @Option(names = {"-S", "--set-version"}, paramLabel = "RELEASE", description = "Kernel release instead of uname -r.")
  String release;

  @Option(names = {"-d", "--dirname"}, paramLabel = "ROOT", description = "Root directory of /lib/modules.")
  String root;

  @Option(names = "--strict", description = "Stop at the first failure (default: try every module).")
  boolean strict;

  @Option(names = {"-n", "--dry-run"}, description = "Only list the modules and the plan to load them.")
  boolean dryRun;

  @Option(names = "--no-kernel-command-line", description = "Ignore modules_load= on /proc/cmdline.")
  boolean noCmdline;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int run(PrintWriter out, PrintWriter err) {
    try {
      List<String> names = modules();
      String rel = release != null ? release : ModuleSettings.runningRelease();
      ModuleSettings s = ModuleSettings.forRelease(rel);
      if (root != null) {
        s = s.withModuleDirectory(Path.of(root + "/lib/modules/" + rel));
      }
      if (names.isEmpty()) {
        out.println("no modules to load");
        return 0;
      }
      try (KernelModules km = KernelModules.open(s, msg -> err.println("modules-load: " + msg))) {
        if (dryRun) {
          for (String n : names) {
            var found = km.lookup(n);
            if (found.isEmpty()) {
              out.println(n + ": not found in " + km.directory());
            }
            for (var m : found) {
              out.print(km.plan(m, null, ProbeOptions.modulesLoad().withBlacklist(ProbeOptions.Blacklist.REQUESTED)).showDepends());
            }
          }
          return 0;
        }
        LoadReport r = new ModuleLoader(km).load(names, ProbeOptions.modulesLoad(),
            strict ? LoadPolicy.STRICT : LoadPolicy.TOLERANT);
        for (Map.Entry<String, List<LoadOutcome>> e : r.outcomes().entrySet()) {
          for (LoadOutcome o : e.getValue()) {
            (o.ok() ? out : err).println(line(o));
          }
        }
        return r.exitStatus();
      }
    } catch (KmodException e) {
      err.println("modules-load: " + e.getMessage());
      return 1;
    }
  }

  private List<String> modules() {
    String cmdline = noCmdline ? null : KernelCommandLine.read(KernelCommandLine.PROC_CMDLINE);
    if (paths.isEmpty()) {
      return ModulesLoadConfig.modules(ModulesLoadConfig.DEFAULT_DIRECTORIES, cmdline);
    }
    List<String> names = new ArrayList<>(KernelCommandLine.modulesToLoad(cmdline, false));
    List<Path> dirs = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        dirs.add(p);
      } else {
        if (!dirs.isEmpty()) {
          names.addAll(ModulesLoadConfig.modules(dirs, null));
          dirs.clear();
        }
        names.addAll(ModulesLoadConfig.modulesIn(p));
      }
    }
    if (!dirs.isEmpty()) {
      names.addAll(ModulesLoadConfig.modules(dirs, null));
    }
    return names;
  }

  /** The line systemd-modules-load would log for {@code o}. */
  private static String line(LoadOutcome o) {
    String m = o.module();
    return switch (o.kind()) {
      case LOADED -> "Inserted module '" + m + "' (" + o.detail() + ")";
      case ALREADY_LIVE -> "Module '" + m + "' is already loaded";
      case BUILT_IN -> "Module '" + m + "' is built in";
      case INSTALL_COMMAND_RAN -> "Ran install command for module '" + m + "'";
      case BLACKLISTED -> "Module '" + m + "' is deny-listed (by modprobe.d)";
      case SKIPPED -> "Skipped module '" + m + "': " + o.detail();
      case NOT_AVAILABLE -> "Failed to find module '" + m + "': " + o.detail();
      case FAILED -> "Failed to insert module '" + m + "': " + o.detail();
    };
  }
}
