package dev.rtnl4j.nspawn;

import dev.rtnl4j.kmod.LinkKindModules;
import dev.rtnl4j.kmod.ModuleSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads link-kind modules with rtnl4j's own module loader ({@code dev.rtnl4j.kmod.LinkKindModules}:
 * the alias the kernel itself requests, {@code rtnl-link-KIND}, finit_module, modprobe's rules).
 * On a kernel without module support the kernel's configuration tells what is built in. A kind
 * found available is not asked about again by this runtime.
 */
public final class KmodModulePreloader implements ModulePreloader {
  private final ModuleSettings settings;
  private final Set<String> available = ConcurrentHashMap.newKeySet();

  private KmodModulePreloader(ModuleSettings settings) {
    this.settings = settings;
  }

  /** A preloader for the running kernel ({@code /lib/modules/$(uname -r)}). */
  public static KmodModulePreloader system() {
    return new KmodModulePreloader(ModuleSettings.system());
  }

  /** A preloader for the module tree and configuration of {@code settings}. */
  public static KmodModulePreloader of(ModuleSettings settings) {
    return new KmodModulePreloader(settings);
  }

  @Override
  public List<String> preload(Set<String> linkKinds) {
    List<String> wanted = new ArrayList<>();
    for (String k : linkKinds) {
      if (!available.contains(k)) {
        wanted.add(k);
      }
    }
    if (wanted.isEmpty()) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    for (LinkKindModules.KindReport r : LinkKindModules.preload(settings, wanted)) {
      if (r.status() == LinkKindModules.Status.NOT_AVAILABLE) {
        problems.add(r.kind() + ": not available (" + r.detail() + ")");
      } else {
        available.add(r.kind());
      }
    }
    return problems;
  }
}
