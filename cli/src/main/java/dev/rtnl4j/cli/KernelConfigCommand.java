package dev.rtnl4j.cli;

import dev.rtnl4j.kmod.KernelConfig;
import dev.rtnl4j.kmod.KmodException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtnl4j kernel-config}: the kernel's build options, as NixOS's requiredKernelConfig checks them. */
@Command(name = "kernel-config", mixinStandardHelpOptions = true, description = "Check the kernel's build configuration.",
    subcommands = {KernelConfigCommand.Check.class})
public final class KernelConfigCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code rtnl4j kernel-config check OPTION...}. */
  @Command(name = "check", sortOptions = false,
      description = "Check required options: CONFIG_X (y or m), CONFIG_X=y, =m, =n (n or unset), =no (strictly n).")
  public static final class Check implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "CONFIG", description = "A .config (or config.gz) instead of the running kernel's.")
    Path file;

    @Option(names = {"-S", "--set-version"}, paramLabel = "RELEASE", description = "Check /boot/config-RELEASE.")
    String release;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(paramLabel = "OPTION", arity = "1..*", description = "CONFIG_BRIDGE=m, CONFIG_VETH, ...")
    List<String> options = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<KernelConfig.Requirement> reqs = new ArrayList<>();
      for (String o : options) {
        try {
          reqs.add(KernelConfig.Requirement.parse(o));
        } catch (IllegalArgumentException e) {
          err.println("kernel-config: " + e.getMessage());
          return 2;
        }
      }
      KernelConfig cfg;
      try {
        cfg = file != null ? KernelConfig.load(file) : release != null ? KernelConfig.forRelease(release) : KernelConfig.running();
      } catch (KmodException e) {
        err.println("kernel-config: " + e.getMessage());
        return 1;
      }
      int failed = 0;
      for (KernelConfig.Requirement r : reqs) {
        boolean ok = r.isMetBy(cfg);
        out.println((ok ? "ok   " : "FAIL ") + r.describe(cfg));
        if (!ok) {
          failed++;
        }
      }
      out.println(cfg.source() + ": " + (reqs.size() - failed) + " of " + reqs.size() + " requirements met");
      return failed == 0 ? 0 : 1;
    }
  }
}
