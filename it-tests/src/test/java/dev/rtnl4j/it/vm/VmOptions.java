package dev.rtnl4j.it.vm;

import java.util.List;

/**
 * How the VM is set up.
 *
 * @param memoryMb guest memory in MiB (the initramfs, unpacked, takes about 120 MiB of it)
 * @param cpus guest CPUs (each is a host thread under software emulation)
 * @param preloadModules for {@link KernelVm#run(List, java.time.Duration, VmOptions)}: kernel
 *     modules busybox modprobe loads before the tests start
 * @param extraModules kernel modules to put into the image besides {@link KernelVm#IMAGE_MODULES}
 *     (their dependencies come along)
 * @throws IllegalArgumentException for a non-positive size or a bad module name
 */
public record VmOptions(int memoryMb, int cpus, List<String> preloadModules, List<String> extraModules) {
  public VmOptions {
    if (memoryMb < 256 || cpus < 1) {
      throw new IllegalArgumentException("the VM needs at least 256 MiB and one CPU, not " + memoryMb + " MiB and " + cpus);
    }
    preloadModules = List.copyOf(preloadModules);
    extraModules = List.copyOf(extraModules);
    for (String m : extraModules) {
      if (!GuestPhase.isModuleName(m)) {
        throw new IllegalArgumentException("not a kernel module name: '" + m + "'");
      }
    }
  }

  /** 1024 MiB, 2 CPUs, nothing preloaded, the standard module set. */
  public static VmOptions defaults() {
    return new VmOptions(1024, 2, List.of(), List.of());
  }

  /** These options with {@code modules} loaded before the tests. */
  public VmOptions withPreloadModules(List<String> modules) {
    return new VmOptions(memoryMb, cpus, modules, extraModules);
  }

  /** These options with {@code modules} (and their dependencies) also in the image. */
  public VmOptions withExtraModules(List<String> modules) {
    return new VmOptions(memoryMb, cpus, preloadModules, modules);
  }
}
