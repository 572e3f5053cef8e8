package dev.rtnl4j.kmod;

import java.nio.file.Path;

/**
 * One step of a {@link ProbePlan}, in the order kmod's {@code modprobe} takes them.
 *
 * <p>{@code required} is true for the module asked for and its hard dependencies, false for
 * softdeps, whose failures kmod ignores.
 */
public sealed interface ProbeStep {
  /** The module of this step. */
  KernelModule module();

  /**
   * Load the module file with {@code finit_module}/{@code init_module} and these parameters.
   *
   * @param file the module file's path as kmod spells it (directory + {@code modules.dep} entry)
   */
  record Insert(KernelModule module, String file, String options, boolean required) implements ProbeStep {
    /** The module file. */
    public Path path() {
      return Path.of(file);
    }
  }

  /**
   * Run the configuration's {@code install} command instead of loading (only because a
   * {@code modprobe.d} file says so).
   *
   * @param command the command as written in the configuration
   * @param options the module options, substituted for {@code $CMDLINE_OPTS}
   */
  record RunInstall(KernelModule module, String command, String options, boolean required) implements ProbeStep {
    /** The command with {@code $CMDLINE_OPTS} replaced by the options, as kmod runs it. */
    public String commandLine() {
      return command.replace("$CMDLINE_OPTS", options);
    }
  }

  /** The module is compiled into the kernel: nothing to load. */
  record Builtin(KernelModule module) implements ProbeStep {}

  /** The module is already in the kernel ({@code live} or built in): nothing to load. */
  record AlreadyInKernel(KernelModule module, ModuleState state) implements ProbeStep {}

  /** Neither a module file nor built in (an alias naming a module that is not there). */
  record Unresolved(KernelModule module, boolean required) implements ProbeStep {}
}
