package dev.rtnl4j.kmod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes sure the link kinds a container plan needs are in the kernel before the first container
 * starts: each kind is resolved through the alias the kernel itself asks for
 * ({@code request_module("rtnl-link-%s")}, {@code char-major-10-200} for tun/tap) and loaded with
 * its dependencies, the kinds in parallel.
 */
public final class LinkKindModules {
  private LinkKindModules() {}

  /** The outcome for one link kind. */
  public enum Status {
    /** Loaded now. */
    LOADED,
    /** Was loaded already. */
    ALREADY_LIVE,
    /** Compiled into the kernel. */
    BUILT_IN,
    /** Not available; see the reason. */
    NOT_AVAILABLE
  }

  /**
   * What happened for one kind.
   *
   * @param kind the link kind ({@code veth})
   * @param alias the alias it was resolved through ({@code rtnl-link-veth})
   * @param status the outcome
   * @param detail the modules' outcomes, or why the kind is not available
   */
  public record KindReport(String kind, String alias, Status status, String detail) {}

  /** The alias the kernel requests for link kind {@code kind}. */
  public static String alias(String kind) {
    return switch (kind) {
      case "tun", "tap" -> "char-major-10-200";
      default -> "rtnl-link-" + kind;
    };
  }

  /** The kernel option that builds {@code kind}, for kernels without a module tree. */
  static String configOption(String kind) {
    return switch (kind) {
      case "tun", "tap" -> "CONFIG_TUN";
      case "vlan" -> "CONFIG_VLAN_8021Q";
      case "bridge" -> "CONFIG_BRIDGE";
      default -> "CONFIG_" + kind.toUpperCase(java.util.Locale.ROOT);
    };
  }

  /**
   * Makes {@code kinds} available under {@code settings}, with the real system calls.
   *
   * <p>Without a module tree for the running kernel (or on a kernel without module support), the
   * kernel's configuration ({@code /proc/config.gz}, {@code /boot/config-RELEASE}) tells which
   * kinds are built in.
   */
  public static List<KindReport> preload(ModuleSettings settings, List<String> kinds) {
    Path dir = settings.moduleDirectory();
    boolean hasTree = Files.exists(dir.resolve("modules.dep.bin")) || Files.exists(dir.resolve("modules.dep"));
    if (!hasTree || !Files.exists(Path.of("/proc/modules"))) {
      return fromConfig(kinds, hasTree ? "this kernel has no module support" : "no module tree at " + dir);
    }
    try (KernelModules km = KernelModules.open(settings)) {
      return preload(new ModuleLoader(km), kinds);
    }
  }

  /** Makes {@code kinds} available with {@code loader}. */
  public static List<KindReport> preload(ModuleLoader loader, List<String> kinds) {
    List<String> aliases = new ArrayList<>();
    for (String k : kinds) {
      aliases.add(alias(k));
    }
    LoadReport r = loader.load(aliases, ProbeOptions.modprobe(), LoadPolicy.TOLERANT);
    List<KindReport> out = new ArrayList<>();
    for (String k : kinds) {
      List<LoadOutcome> os = r.outcomes().getOrDefault(alias(k), List.of());
      out.add(new KindReport(k, alias(k), statusOf(os), describe(os)));
    }
    return out;
  }

  private static Status statusOf(List<LoadOutcome> os) {
    if (os.isEmpty() || os.stream().anyMatch(o -> !o.ok())) {
      return Status.NOT_AVAILABLE;
    }
    return switch (os.get(os.size() - 1).kind()) {
      case LOADED -> Status.LOADED;
      case BUILT_IN -> Status.BUILT_IN;
      case BLACKLISTED, SKIPPED -> Status.NOT_AVAILABLE;
      default -> Status.ALREADY_LIVE;
    };
  }

  private static String describe(List<LoadOutcome> os) {
    List<String> parts = new ArrayList<>();
    for (LoadOutcome o : os) {
      parts.add(describe(o));
    }
    return String.join("; ", parts);
  }

  private static String describe(LoadOutcome o) {
    return o.module() + switch (o.kind()) {
      case LOADED -> ": loaded (" + o.detail() + ")";
      case ALREADY_LIVE -> ": already live";
      case BUILT_IN -> ": built in";
      case INSTALL_COMMAND_RAN -> ": install command ran";
      case BLACKLISTED -> ": blacklisted";
      case SKIPPED -> ": skipped (" + o.detail() + ")";
      case NOT_AVAILABLE -> ": not available (" + o.detail() + ")";
      case FAILED -> ": failed (" + o.detail() + ")";
    };
  }

  private static List<KindReport> fromConfig(List<String> kinds, String why) {
    KernelConfig cfg = null;
    String cfgProblem = null;
    try {
      cfg = KernelConfig.running();
    } catch (KmodException e) {
      cfgProblem = e.getMessage();
    }
    Map<String, KindReport> out = new LinkedHashMap<>();
    for (String k : kinds) {
      String opt = configOption(k);
      if (cfg != null && cfg.isYes(opt)) {
        out.put(k, new KindReport(k, alias(k), Status.BUILT_IN, opt + "=y (" + cfg.source() + ")"));
      } else if (cfg != null) {
        out.put(k, new KindReport(k, alias(k), Status.NOT_AVAILABLE, why + ", and " + new KernelConfig.Requirement(
            opt, KernelConfig.Expectation.YES).describe(cfg) + " (" + cfg.source() + ")"));
      } else {
        out.put(k, new KindReport(k, alias(k), Status.NOT_AVAILABLE, why + "; cannot tell what is built in: " + cfgProblem));
      }
    }
    return new ArrayList<>(out.values());
  }
}
