package dev.rtnl4j.kmod;

/**
 * Where a module is in the running kernel, as kmod reads it: built in (listed in
 * {@code modules.builtin}), or the text of {@code /sys/module/NAME/initstate}.
 */
public enum ModuleState {
  /** Compiled into the kernel. */
  BUILTIN,
  /** Loaded and initialised. */
  LIVE,
  /** Being loaded ({@code coming}, or a {@code /sys/module/NAME} directory without initstate). */
  COMING,
  /** Being unloaded. */
  GOING,
  /** Not in the kernel. */
  ABSENT;

  /** True for {@link #LIVE} and {@link #BUILTIN}: the module needs no loading. */
  public boolean inKernel() {
    return this == LIVE || this == BUILTIN;
  }
}
