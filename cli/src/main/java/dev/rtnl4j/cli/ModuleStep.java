package dev.rtnl4j.cli;

import dev.rtnl4j.kmod.KernelConfig;
import dev.rtnl4j.kmod.KernelModules;
import dev.rtnl4j.kmod.KmodException;
import dev.rtnl4j.kmod.LinkKindModules.Status;
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
import java.util.Locale;

/**
 * The demo's first step: loads the seed's kernel modules ({@code boot.kernelModules = bridge
 * macvlan tap tun}) with rtnl4j's loader and says, for each, whether it was loaded now, was live
 * already, is built in, or is not available here and why. On a kernel without module support, or
 * without a module tree for the running release, the kernel's configuration tells what is built in.
 */
final class ModuleStep {
  /** The seed's modules. */
  static final List<String> SEED_MODULES = List.of("bridge", "macvlan", "tap", "tun");

  /** One module's outcome. */
  record Row(String module, Status status, String detail) {
    String statusText() {
      return status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /** The outcome, and a note on how it was found (null when the loader ran). */
  record Outcome(List<Row> rows, String note) {}

  private ModuleStep() {}

  static Outcome run(List<String> names) {
    ModuleSettings settings = ModuleSettings.system();
    Path dir = settings.moduleDirectory();
    boolean support = Files.exists(Path.of("/proc/modules"));
    boolean tree = Files.exists(dir.resolve("modules.dep.bin")) || Files.exists(dir.resolve("modules.dep"));
    if (support && tree) {
      try (KernelModules km = KernelModules.open(settings)) {
        LoadReport r = new ModuleLoader(km).load(names, ProbeOptions.modprobe(), LoadPolicy.TOLERANT);
        List<Row> rows = new ArrayList<>();
        for (String n : names) {
          rows.add(row(n, r.outcomes().getOrDefault(n, List.of())));
        }
        return new Outcome(rows, null);
      } catch (KmodException e) {
        return fromConfig(names, "the module indexes in " + dir + " cannot be read (" + e.getMessage() + ")");
      }
    }
    return fromConfig(names, !support
        ? "this kernel (" + ModuleSettings.runningRelease() + ") has no module support: no /proc/modules, and"
            + " finit_module would fail with ENOSYS"
        : "there is no module tree for " + ModuleSettings.runningRelease() + " in " + dir);
  }

  private static Row row(String name, List<LoadOutcome> os) {
    if (os.isEmpty()) {
      return new Row(name, Status.NOT_AVAILABLE, "the loader reported nothing");
    }
    List<String> parts = new ArrayList<>();
    Status status = null;
    for (LoadOutcome o : os) {
      parts.add(describe(o));
      if (!o.ok() || o instanceof LoadOutcome.Blacklisted || o instanceof LoadOutcome.Skipped) {
        status = Status.NOT_AVAILABLE;
      }
    }
    if (status == null) {
      status = switch (os.get(os.size() - 1).kind()) {
        case LOADED -> Status.LOADED;
        case BUILT_IN -> Status.BUILT_IN;
        default -> Status.ALREADY_LIVE;
      };
    }
    return new Row(name, status, String.join("; ", parts));
  }

  private static String describe(LoadOutcome o) {
    return o.module() + switch (o.kind()) {
      case LOADED -> ": loaded with " + o.detail();
      case ALREADY_LIVE -> ": already live";
      case BUILT_IN -> ": built in";
      case INSTALL_COMMAND_RAN -> ": install command ran";
      case BLACKLISTED -> ": deny-listed by modprobe.d";
      case SKIPPED -> ": skipped (" + o.detail() + ")";
      case NOT_AVAILABLE -> ": not available (" + o.detail() + ")";
      case FAILED -> ": failed (" + o.detail() + ")";
    };
  }

  private static Outcome fromConfig(List<String> names, String why) {
    KernelConfig cfg;
    try {
      cfg = KernelConfig.running();
    } catch (KmodException e) {
      List<Row> rows = new ArrayList<>();
      for (String n : names) {
        rows.add(new Row(n, Status.NOT_AVAILABLE, "cannot tell: " + e.getMessage()));
      }
      return new Outcome(rows, why + "; and the kernel's configuration cannot be read");
    }
    List<Row> rows = new ArrayList<>();
    for (String n : names) {
      String opt = "CONFIG_" + n.toUpperCase(Locale.ROOT);
      String value = cfg.value(opt).orElse(null);
      if (cfg.isYes(opt)) {
        rows.add(new Row(n, Status.BUILT_IN, opt + "=y in " + cfg.source()));
      } else if (value != null) {
        rows.add(new Row(n, Status.NOT_AVAILABLE, opt + "=" + value + " in " + cfg.source() + ", but " + why));
      } else {
        rows.add(new Row(n, Status.NOT_AVAILABLE, opt + " is not set in " + cfg.source()));
      }
    }
    return new Outcome(rows, why + "; what is built in comes from " + cfg.source());
  }
}
