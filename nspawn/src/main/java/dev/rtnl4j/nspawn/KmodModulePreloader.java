package dev.rtnl4j.nspawn;

import dev.rtnl4j.kmod.KernelModules;
import dev.rtnl4j.kmod.LoadOutcome;
import dev.rtnl4j.kmod.LoadPolicy;
import dev.rtnl4j.kmod.LoadReport;
import dev.rtnl4j.kmod.ModuleLoader;
import dev.rtnl4j.kmod.ModuleSettings;
import dev.rtnl4j.kmod.ProbeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads link-kind modules with rtnl4j's own module loader ({@code dev.rtnl4j.kmod}, finit_module,
 * modprobe's rules), as containers.nix's {@code boot.kernelModules = bridge macvlan tap tun}
 * does: each kind by the alias the kernel itself would ask for ({@code rtnl-link-veth}...), once
 * per runtime. On a kernel without module support ({@code /proc/modules} absent) everything is
 * built in and nothing is done. Strict: a module that cannot be loaded fails the start.
 */
public final class KmodModulePreloader implements ModulePreloader, AutoCloseable {
  private final ModuleSettings settings;
  private final Set<String> done = ConcurrentHashMap.newKeySet();
  private volatile KernelModules modules;

  private KmodModulePreloader(ModuleSettings settings) {
    this.settings = settings;
  }

  /** A preloader for the running kernel's module directory. */
  public static ModulePreloader system() {
    if (!Files.exists(Path.of("/proc/modules"))) {
      return ModulePreloader.NONE;
    }
    return new KmodModulePreloader(ModuleSettings.system());
  }

  /** The module alias for a link kind ({@code rtnl-link-KIND}; {@code tun} for tun devices). */
  static String moduleFor(String kind) {
    return kind.equals("tun") ? "tun" : "rtnl-link-" + kind;
  }

  @Override
  public void preload(Set<String> linkKinds) throws Exception {
    List<String> names = new ArrayList<>();
    for (String k : linkKinds) {
      if (!done.contains(k)) {
        names.add(moduleFor(k));
      }
    }
    if (names.isEmpty()) {
      return;
    }
    KernelModules m = modules;
    if (m == null) {
      synchronized (this) {
        if (modules == null) {
          modules = KernelModules.open(settings);
        }
        m = modules;
      }
    }
    LoadReport report = new ModuleLoader(m).load(names, ProbeOptions.modprobe(), LoadPolicy.STRICT);
    if (!report.success()) {
      StringBuilder sb = new StringBuilder("cannot load kernel modules for");
      for (LoadOutcome f : report.failures()) {
        sb.append(' ').append(f);
      }
      throw new IllegalStateException(sb.toString());
    }
    done.addAll(linkKinds);
  }

  /** Closes the module indexes. */
  @Override
  public synchronized void close() {
    if (modules != null) {
      modules.close();
      modules = null;
    }
  }
}
