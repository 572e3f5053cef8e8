package dev.rtnl4j.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the module tools look: the module directory ({@code /lib/modules/RELEASE} by default;
 * NixOS keeps it elsewhere), the {@code modprobe.d} paths, the kernel command line and
 * {@code /sys/module}.
 *
 * @param moduleDirectory the directory with {@code modules.dep.bin} and the module files
 * @param configPaths {@code modprobe.d} directories or single files, in precedence order
 * @param kernelCommandLine the kernel command line to take options and blacklist entries from, or
 *     null for none
 * @param sysModule the directory holding {@code NAME/initstate} of loaded modules
 */
public record ModuleSettings(Path moduleDirectory, List<Path> configPaths, String kernelCommandLine, Path sysModule) {
  /** Where module trees live. */
  public static final Path MODULES_ROOT = Path.of("/lib/modules");
  /** Where the kernel tells its release. */
  public static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");

  /** Validates. */
  public ModuleSettings {
    Objects.requireNonNull(moduleDirectory, "moduleDirectory");
    configPaths = List.copyOf(configPaths);
    Objects.requireNonNull(sysModule, "sysModule");
  }

  /**
   * The settings of the running system: {@code /lib/modules/$(uname -r)}, the default
   * {@code modprobe.d} directories, {@code /proc/cmdline}, {@code /sys/module}.
   */
  public static ModuleSettings system() {
    return forRelease(runningRelease());
  }

  /** The system settings for another kernel release's module tree ({@code modprobe -S}). */
  public static ModuleSettings forRelease(String release) {
    return new ModuleSettings(MODULES_ROOT.resolve(release), ModprobeConfig.DEFAULT_DIRECTORIES,
        KernelCommandLine.read(KernelCommandLine.PROC_CMDLINE), Path.of("/sys/module"));
  }

  /** The running kernel's release ({@code uname -r}), from {@code /proc/sys/kernel/osrelease}. */
  public static String runningRelease() {
    try {
      return Files.readString(OSRELEASE, StandardCharsets.ISO_8859_1).strip();
    } catch (IOException e) {
      throw new KmodException("cannot read the kernel release from " + OSRELEASE + ": " + e.getMessage(), e);
    }
  }

  /** These settings with another module directory. */
  public ModuleSettings withModuleDirectory(Path dir) {
    return new ModuleSettings(dir, configPaths, kernelCommandLine, sysModule);
  }

  /** These settings with other {@code modprobe.d} paths ({@code modprobe -C}). */
  public ModuleSettings withConfigPaths(List<Path> paths) {
    return new ModuleSettings(moduleDirectory, paths, kernelCommandLine, sysModule);
  }

  /** These settings with another kernel command line (null for none). */
  public ModuleSettings withKernelCommandLine(String cmdline) {
    return new ModuleSettings(moduleDirectory, configPaths, cmdline, sysModule);
  }

  /** These settings with another {@code /sys/module}. */
  public ModuleSettings withSysModule(Path dir) {
    return new ModuleSettings(moduleDirectory, configPaths, kernelCommandLine, dir);
  }
}
