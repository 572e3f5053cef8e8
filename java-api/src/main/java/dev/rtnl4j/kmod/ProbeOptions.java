package dev.rtnl4j.kmod;

/**
 * How a {@link ProbePlan} is made, as {@code modprobe}'s flags set it.
 *
 * @param ignoreLoaded plan loads even for modules already in the kernel ({@code --show-depends})
 * @param ignoreCommands ignore {@code install} commands ({@code -i})
 * @param blacklist which names the blacklist applies to
 * @param failOnLoaded the module asked for being in the kernel already is an error
 *     ({@code --first-time})
 */
public record ProbeOptions(boolean ignoreLoaded, boolean ignoreCommands, Blacklist blacklist, boolean failOnLoaded) {
  /** Which names the blacklist applies to. */
  public enum Blacklist {
    /** Not at all. */
    NONE,
    /** Only to modules found through an alias ({@code modprobe}'s default). */
    ALIASES,
    /** To the module asked for, by name or alias ({@code modprobe -b}, systemd-modules-load). */
    REQUESTED,
    /** To every module of the plan, dependencies included. */
    ALL
  }

  /** {@code modprobe NAME}. */
  public static ProbeOptions modprobe() {
    return new ProbeOptions(false, false, Blacklist.ALIASES, false);
  }

  /** {@code modprobe --show-depends NAME}. */
  public static ProbeOptions showDepends() {
    return new ProbeOptions(true, false, Blacklist.ALIASES, false);
  }

  /** What systemd-modules-load does: the blacklist applies to the names it is given. */
  public static ProbeOptions modulesLoad() {
    return new ProbeOptions(false, false, Blacklist.REQUESTED, false);
  }

  /** These options with {@code ignoreCommands}. */
  public ProbeOptions withIgnoreCommands(boolean v) {
    return new ProbeOptions(ignoreLoaded, v, blacklist, failOnLoaded);
  }

  /** These options with another blacklist rule. */
  public ProbeOptions withBlacklist(Blacklist v) {
    return new ProbeOptions(ignoreLoaded, ignoreCommands, v, failOnLoaded);
  }

  /** These options with {@code failOnLoaded}. */
  public ProbeOptions withFailOnLoaded(boolean v) {
    return new ProbeOptions(ignoreLoaded, ignoreCommands, blacklist, v);
  }
}
