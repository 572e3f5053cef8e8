package dev.rtnl4j.kmod;

import java.util.List;

/**
 * What loading one module takes, in order: its softdeps and hard dependencies, then the module,
 * each as a {@link ProbeStep}; or why nothing is to be done.
 *
 * @param module the module asked for
 * @param outcome whether there is anything to do
 * @param steps the steps, empty unless {@code outcome} is {@link Outcome#STEPS}
 */
public record ProbePlan(KernelModule module, Outcome outcome, List<ProbeStep> steps) {
  /** Whether the plan has steps. */
  public enum Outcome {
    /** Steps to take. */
    STEPS,
    /** The module is already in the kernel. */
    ALREADY_IN_KERNEL,
    /** The module is blacklisted. */
    BLACKLISTED
  }

  /** Copies. */
  public ProbePlan {
    steps = List.copyOf(steps);
  }

  /**
   * The plan as {@code modprobe --show-depends} prints it: {@code insmod PATH OPTIONS},
   * {@code install COMMAND OPTIONS} or {@code builtin NAME} lines.
   */
  public String showDepends() {
    StringBuilder sb = new StringBuilder();
    for (ProbeStep s : steps) {
      if (s instanceof ProbeStep.Insert i) {
        sb.append("insmod ").append(i.file()).append(' ').append(i.options()).append('\n');
      } else if (s instanceof ProbeStep.RunInstall r) {
        sb.append("install ").append(r.command()).append(' ').append(r.options()).append('\n');
      } else if (s instanceof ProbeStep.Builtin b) {
        sb.append("builtin ").append(b.module().name()).append('\n');
      } else if (!(s instanceof ProbeStep.AlreadyInKernel) && !(s instanceof ProbeStep.Unresolved)) {
        throw new AssertionError("unknown probe step " + s);
      }
    }
    return sb.toString();
  }
}
