package dev.rtnl4j.kmod;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A kernel module as found by a lookup: its canonical name, the alias it was found by (if any),
 * and, resolved lazily from {@code modules.dep}, its file and dependencies.
 *
 * <p>Instances belong to the {@link KernelModules} that made them (one per name and alias, as
 * kmod's module pool) and are valid while it is open.
 */
public final class KernelModule {
  enum Builtin { UNKNOWN, NO, YES }

  private final KernelModules owner;
  private final String name;
  private final String alias;
  final String hashKey;
  // Lazily resolved, guarded by owner.
  String path;
  boolean depInit;
  List<KernelModule> deps = List.of();
  Builtin builtin = Builtin.UNKNOWN;
  boolean optionsInit;
  String options;
  boolean installInit;
  String installCommand;
  boolean removeInit;
  String removeCommand;
  // Probe-list state (kmod's visited/required/ignorecmd): visited and required hold for the plan
  // whose number they carry, which resets them for every plan without touching the pool.
  int visitedInPlan;
  int requiredInPlan;
  boolean ignoreCommand;

  KernelModule(KernelModules owner, String name, String alias) {
    this.owner = owner;
    this.name = name;
    this.alias = alias;
    this.hashKey = alias == null ? name : name + "\\" + alias;
  }

  /** The canonical module name ({@code snd_pcsp}). */
  public String name() {
    return name;
  }

  /** The alias this module was found by, if it was found by one. */
  public Optional<String> alias() {
    return Optional.ofNullable(alias);
  }

  /** The module file, if {@code modules.dep} has one (built-in modules have none). */
  public Optional<Path> path() {
    String p = owner.pathOf(this);
    return p == null ? Optional.empty() : Optional.of(Path.of(p));
  }

  /** True when the module is compiled into the kernel ({@code modules.builtin}). */
  public boolean isBuiltin() {
    return owner.isBuiltin(this);
  }

  /** The module's hard dependencies from {@code modules.dep}, in the order kmod loads them. */
  public List<KernelModule> dependencies() {
    return owner.dependenciesOf(this);
  }

  /** The options the configuration and kernel command line give this module ("" when none). */
  public String configuredOptions() {
    String o = owner.optionsOf(this);
    return o == null ? "" : o;
  }

  @Override
  public String toString() {
    return alias == null ? name : name + " (alias " + alias + ")";
  }
}
