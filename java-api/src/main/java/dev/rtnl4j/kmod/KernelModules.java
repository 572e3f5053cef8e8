package dev.rtnl4j.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A module directory and its configuration, opened once: the lookup and planning half of
 * {@code modprobe}, without kmod.
 *
 * <p>{@link #lookup} finds modules by name or alias in kmod's order (configuration aliases,
 * {@code modules.dep}, {@code symbol:} names in {@code modules.symbols}, {@code install}/
 * {@code remove} commands, {@code modules.alias}, {@code modules.builtin},
 * {@code modules.builtin.alias}); {@link #plan} gives what loading one takes, softdeps and
 * options included, step by step as kmod would take them. The indexes are memory-mapped; opening
 * is cheap and lookups allocate little. Thread-safe (lookups and plans are serialised); close it
 * to unmap the indexes.
 */
public final class KernelModules implements AutoCloseable {
  private final ModuleSettings settings;
  private final String dirname;
  private final ModuleIndexes indexes;
  private final ModprobeConfig config;
  private final Map<String, KernelModule> pool = new HashMap<>();
  private final Consumer<String> diagnostics;
  private int planNumber;

  private KernelModules(ModuleSettings settings, ModprobeConfig config, Consumer<String> diagnostics) {
    this.settings = settings;
    Path dir = settings.moduleDirectory();
    this.dirname = dir.isAbsolute() ? dir.toString() : Path.of("").toAbsolutePath() + "/" + dir;
    this.config = config;
    this.diagnostics = diagnostics;
    this.indexes = ModuleIndexes.open(dir);
  }

  /**
   * Opens the module directory of {@code settings} and reads its configuration.
   *
   * @throws KmodException when the directory or its {@code modules.dep} is missing, or a file
   *     cannot be read
   * @throws CorruptIndexException when an index is corrupt
   */
  public static KernelModules open(ModuleSettings settings) {
    return open(settings, msg -> { });
  }

  /** As {@link #open(ModuleSettings)}, with a sink for kmod's warnings (in kmod's words). */
  public static KernelModules open(ModuleSettings settings, Consumer<String> diagnostics) {
    ModprobeConfig config = ModprobeConfig.load(settings.configPaths(), settings.moduleDirectory(),
        settings.kernelCommandLine());
    return new KernelModules(settings, config, diagnostics);
  }

  /** Opens the module directory of {@code settings} with a configuration already read. */
  public static KernelModules open(ModuleSettings settings, ModprobeConfig config, Consumer<String> diagnostics) {
    return new KernelModules(settings, config, diagnostics);
  }

  /** The settings this was opened with. */
  public ModuleSettings settings() {
    return settings;
  }

  /** The module directory as kmod names it in paths and messages. */
  public String directory() {
    return dirname;
  }

  /** The configuration in use. */
  public ModprobeConfig config() {
    return config;
  }

  /**
   * The modules {@code nameOrAlias} stands for, in kmod's order; empty when there is none.
   *
   * @throws IllegalArgumentException when {@code nameOrAlias} is not a valid alias (unmatched
   *     bracket)
   */
  public synchronized List<KernelModule> lookup(String nameOrAlias) {
    String alias = ModuleNames.normalizeAlias(nameOrAlias);
    List<KernelModule> list = new ArrayList<>(2);
    for (ModprobeConfig.Alias a : config.aliases()) {
      if (Fnmatch.matches(a.pattern(), alias)) {
        list.add(fromAlias(a.pattern(), a.module()));
      }
    }
    if (!list.isEmpty()) {
      return list;
    }
    if (alias.indexOf(':') < 0) {
      String line = indexes.dependencies().search(alias);
      if (line != null) {
        KernelModule m = fromNameLocked(alias);
        parseDepLine(m, line);
        return List.of(m);
      }
    }
    if (alias.startsWith("symbol:") && indexes.symbols() != null) {
      for (String v : indexes.symbols().searchWild(alias)) {
        list.add(fromAlias(alias, v));
      }
      if (!list.isEmpty()) {
        return list;
      }
    }
    for (ModprobeConfig.Command c : config.installCommands()) {
      if (c.module().equals(alias)) {
        KernelModule m = fromNameLocked(c.module());
        m.installInit = true;
        m.installCommand = c.command();
        return List.of(m);
      }
    }
    for (ModprobeConfig.Command c : config.removeCommands()) {
      if (c.module().equals(alias)) {
        KernelModule m = fromNameLocked(c.module());
        m.removeInit = true;
        m.removeCommand = c.command();
        return List.of(m);
      }
    }
    if (indexes.aliases() != null) {
      for (String v : indexes.aliases().searchWild(alias)) {
        list.add(fromAlias(alias, v));
      }
      if (!list.isEmpty()) {
        return list;
      }
    }
    if (indexes.builtin() != null && indexes.builtin().search(alias) != null) {
      KernelModule m = fromNameLocked(alias);
      m.builtin = KernelModule.Builtin.YES;
      return List.of(m);
    }
    if (indexes.builtinAliases() != null) {
      for (String v : indexes.builtinAliases().searchWild(alias)) {
        KernelModule m = fromAlias(alias, v);
        m.builtin = KernelModule.Builtin.YES;
        list.add(m);
      }
    }
    return list;
  }

  /** The module named {@code name} (canonicalised), whether or not it exists. */
  public synchronized KernelModule fromName(String name) {
    return fromNameLocked(name);
  }

  /**
   * The module in the file {@code file} (as {@code modprobe /path/x.ko}).
   *
   * @throws KmodException when the file does not exist, or a module of that name was found with
   *     another path
   */
  public synchronized KernelModule fromFile(Path file) {
    Path abs = file.toAbsolutePath();
    if (!Files.exists(abs)) {
      throw new KmodException("module file " + abs + " does not exist");
    }
    KernelModule m = fromPath(abs.toString());
    if (m == null) {
      throw new KmodException("a module named " + ModuleNames.fromPath(abs.toString())
          + " already exists with another path than " + abs);
    }
    return m;
  }

  private KernelModule fromNameLocked(String name) {
    String n = ModuleNames.normalize(name);
    return pool.computeIfAbsent(n, k -> new KernelModule(this, k, null));
  }

  private KernelModule fromAlias(String alias, String name) {
    KernelModule m = new KernelModule(this, name, alias);
    KernelModule existing = pool.putIfAbsent(m.hashKey, m);
    return existing == null ? m : existing;
  }

  private KernelModule fromPath(String abs) {
    String name = ModuleNames.fromPath(abs);
    KernelModule m = pool.computeIfAbsent(name, k -> new KernelModule(this, k, null));
    if (m.path == null) {
      m.path = abs;
    } else if (!m.path.equals(abs)) {
      diagnostics.accept("kmod_module '" + name + "' already exists with different path: new-path='" + abs
          + "' old-path='" + m.path + "'");
      return null;
    }
    m.builtin = KernelModule.Builtin.NO;
    return m;
  }

  private String join(String p) {
    return p.startsWith("/") ? p : dirname + "/" + p;
  }

  private void parseDepLine(KernelModule m, String line) {
    if (m.depInit) {
      return;
    }
    m.depInit = true;
    int colon = line.indexOf(':');
    if (colon < 0) {
      return;
    }
    if (m.path == null) {
      m.path = join(line.substring(0, colon));
    }
    List<KernelModule> deps = new ArrayList<>();
    int i = colon + 1;
    int n = line.length();
    while (i < n) {
      while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      int start = i;
      while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
        i++;
      }
      if (start == i) {
        break;
      }
      KernelModule d = fromPath(join(line.substring(start, i)));
      if (d == null) {
        m.depInit = false;
        m.deps = List.of();
        return;
      }
      deps.add(0, d); // kmod prepends: the last dependency listed is loaded first
    }
    m.deps = List.copyOf(deps);
  }

  synchronized String pathOf(KernelModule m) {
    if (m.path != null || m.depInit) {
      return m.path;
    }
    String line = indexes.dependencies().search(m.name());
    if (line != null) {
      parseDepLine(m, line);
    }
    return m.path;
  }

  synchronized List<KernelModule> dependenciesOf(KernelModule m) {
    if (!m.depInit) {
      String line = indexes.dependencies().search(m.name());
      if (line != null) {
        parseDepLine(m, line);
      }
    }
    return m.deps;
  }

  synchronized boolean isBuiltin(KernelModule m) {
    if (m.builtin == KernelModule.Builtin.UNKNOWN) {
      boolean yes = indexes.builtin() != null && indexes.builtin().search(m.name()) != null;
      m.builtin = yes ? KernelModule.Builtin.YES : KernelModule.Builtin.NO;
    }
    return m.builtin == KernelModule.Builtin.YES;
  }

  synchronized String optionsOf(KernelModule m) {
    if (!m.optionsInit) {
      StringBuilder sb = null;
      String alias = m.alias().orElse(null);
      for (ModprobeConfig.Options o : config.options()) {
        if (!(o.module().equals(m.name()) || (alias != null && o.module().equals(alias)))) {
          continue;
        }
        if (o.options().isEmpty()) {
          continue;
        }
        if (sb == null) {
          sb = new StringBuilder();
        } else {
          sb.append(' ');
        }
        sb.append(o.options());
      }
      m.options = sb == null ? null : sb.toString();
      m.optionsInit = true;
    }
    return m.options;
  }

  private String installCommandOf(KernelModule m) {
    if (!m.installInit) {
      for (ModprobeConfig.Command c : config.installCommands()) {
        if (Fnmatch.matches(c.module(), m.name())) {
          m.installCommand = c.command();
          break;
        }
      }
      m.installInit = true;
    }
    return m.installCommand;
  }

  /** The {@code remove} command the configuration gives {@code m}, or null. */
  public synchronized String removeCommandOf(KernelModule m) {
    if (!m.removeInit) {
      for (ModprobeConfig.Command c : config.removeCommands()) {
        if (Fnmatch.matches(c.module(), m.name())) {
          m.removeCommand = c.command();
          break;
        }
      }
      m.removeInit = true;
    }
    return m.removeCommand;
  }

  /** The first softdep line whose pattern matches {@code m}, resolved: [pre, post]. */
  private List<List<KernelModule>> softdepsOf(KernelModule m) {
    for (ModprobeConfig.Softdep s : config.softdeps()) {
      if (Fnmatch.matches(s.module(), m.name())) {
        return List.of(lookupAll(s.pre()), lookupAll(s.post()));
      }
    }
    return List.of(List.of(), List.of());
  }

  private List<KernelModule> lookupAll(List<String> names) {
    List<KernelModule> out = new ArrayList<>();
    for (String n : names) {
      try {
        out.addAll(lookup(n));
      } catch (IllegalArgumentException e) {
        diagnostics.accept("failed to lookup dependency '" + n + "', continuing anyway.");
      }
    }
    return out;
  }

  /**
   * What the kernel has of {@code m}: built in, or the state in {@code /sys/module/NAME/initstate}.
   *
   * @throws KmodException when the initstate file cannot be read
   */
  public ModuleState state(KernelModule m) {
    if (isBuiltin(m)) {
      return ModuleState.BUILTIN;
    }
    return sysState(settings.sysModule(), m.name());
  }

  /** The state {@code sysModule/NAME/initstate} gives, or ABSENT. */
  static ModuleState sysState(Path sysModule, String name) {
    Path dir = sysModule.resolve(name);
    try {
      String s = new String(Files.readAllBytes(dir.resolve("initstate")), StandardCharsets.ISO_8859_1);
      return switch (s) {
        case "live\n" -> ModuleState.LIVE;
        case "coming\n" -> ModuleState.COMING;
        case "going\n" -> ModuleState.GOING;
        default -> throw new KmodException("unknown module state '" + s.strip() + "' in " + dir.resolve("initstate"));
      };
    } catch (NoSuchFileException e) {
      return Files.isDirectory(dir) ? ModuleState.COMING : ModuleState.ABSENT;
    } catch (IOException e) {
      throw new KmodException("cannot read " + dir.resolve("initstate") + ": " + e.getMessage(), e);
    }
  }

  /**
   * What loading {@code module} takes, as kmod's {@code kmod_module_probe_insert_module} would
   * do it: its hard dependencies (each preceded by its pre-softdeps and followed by its
   * post-softdeps), then the module itself likewise.
   *
   * @param extraOptions parameters given for {@code module} itself (after the configured ones),
   *     or null
   */
  public synchronized ProbePlan plan(KernelModule module, String extraOptions, ProbeOptions o) {
    if (!o.ignoreLoaded() && state(module).inKernel()) {
      return new ProbePlan(module, ProbePlan.Outcome.ALREADY_IN_KERNEL, List.of());
    }
    if (config.isBlacklisted(module.name()) && switch (o.blacklist()) {
      case NONE -> false;
      case ALIASES -> module.alias().isPresent();
      case REQUESTED, ALL -> true;
    }) {
      return new ProbePlan(module, ProbePlan.Outcome.BLACKLISTED, List.of());
    }
    planNumber++;
    List<KernelModule> list = new ArrayList<>();
    probeList(module, true, o.ignoreCommands(), list);
    if (o.blacklist() == ProbeOptions.Blacklist.ALL) {
      list.removeIf(m -> config.isBlacklisted(m.name()));
      if (list.isEmpty()) {
        return new ProbePlan(module, ProbePlan.Outcome.BLACKLISTED, List.of());
      }
    }
    List<ProbeStep> steps = new ArrayList<>(list.size());
    for (KernelModule m : list) {
      if (!o.ignoreLoaded()) {
        ModuleState st = state(m);
        if (st.inKernel()) {
          steps.add(new ProbeStep.AlreadyInKernel(m, st));
          continue;
        }
      }
      String options = concat(optionsOf(m), m == module ? extraOptions : null);
      String opts = options == null ? "" : options;
      String cmd = installCommandOf(m);
      if (cmd != null && !m.ignoreCommand) {
        steps.add(new ProbeStep.RunInstall(m, cmd, opts, m.requiredInPlan == planNumber));
        continue;
      }
      String path = pathOf(m);
      boolean required = m.requiredInPlan == planNumber;
      if (path != null) {
        steps.add(new ProbeStep.Insert(m, path, opts, required));
      } else if (isBuiltin(m)) {
        steps.add(new ProbeStep.Builtin(m));
      } else {
        steps.add(new ProbeStep.Unresolved(m, required));
      }
    }
    return new ProbePlan(module, ProbePlan.Outcome.STEPS, steps);
  }

  /** kmod's module_options_concat: configured options, a space, then the extra ones. */
  private static String concat(String opt, String xopt) {
    int ol = opt == null ? 0 : opt.length();
    int xl = xopt == null ? 0 : xopt.length();
    if (ol == 0 && xl == 0) {
      return null;
    }
    StringBuilder r = new StringBuilder(ol + xl + 1);
    if (opt != null) {
      r.append(opt).append(' ');
    }
    if (xopt != null) {
      r.append(xopt);
    }
    return r.toString();
  }

  private void probeList(KernelModule mod, boolean required, boolean ignoreCommand, List<KernelModule> list) {
    if (mod.visitedInPlan == planNumber) {
      return;
    }
    mod.visitedInPlan = planNumber;
    List<KernelModule> deps = dependenciesOf(mod);
    if (required) {
      mod.requiredInPlan = planNumber;
      for (KernelModule d : deps) {
        d.requiredInPlan = planNumber;
      }
    }
    for (KernelModule d : deps) {
      fillSoftdeps(d, list);
    }
    if (ignoreCommand) {
      list.add(mod);
      mod.ignoreCommand = true;
    } else {
      fillSoftdeps(mod, list);
    }
  }

  private void fillSoftdeps(KernelModule mod, List<KernelModule> list) {
    List<List<KernelModule>> sd = softdepsOf(mod);
    for (KernelModule m : sd.get(0)) {
      probeList(m, false, false, list);
    }
    list.add(mod);
    mod.ignoreCommand = !sd.get(0).isEmpty() || !sd.get(1).isEmpty();
    for (KernelModule m : sd.get(1)) {
      probeList(m, false, false, list);
    }
  }

  /** Every (alias, module) pair of {@code modules.alias}, in index order ({@code modprobe -c}). */
  public void forEachAlias(BiConsumer<String, String> sink) {
    if (indexes.aliases() != null) {
      indexes.aliases().dump(sink);
    }
  }

  /** Every (symbol:NAME, module) pair of {@code modules.symbols}, in index order. */
  public void forEachSymbol(BiConsumer<String, String> sink) {
    if (indexes.symbols() != null) {
      indexes.symbols().dump(sink);
    }
  }

  @Override
  public void close() {
    indexes.close();
  }
}
