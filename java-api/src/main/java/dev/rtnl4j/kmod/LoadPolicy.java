package dev.rtnl4j.kmod;

/** What to do when a module fails to load. */
public enum LoadPolicy {
  /** Stop at the first failure (the remaining modules are reported as skipped). */
  STRICT,
  /**
   * Try every module and report the failures (systemd-modules-load, which NixOS runs with
   * {@code SuccessExitStatus = "0 1"}).
   */
  TOLERANT
}
