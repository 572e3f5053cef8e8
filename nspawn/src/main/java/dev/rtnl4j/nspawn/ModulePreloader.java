package dev.rtnl4j.nspawn;

import java.util.Set;

/**
 * Loads the kernel modules for link kinds before the first container needs them (containers.nix's
 * {@code boot.kernelModules = bridge macvlan tap tun}). The runtime calls it with the kinds a
 * start needs ("veth", "bridge", "macvlan", "tun"); kinds built into the kernel are no-ops.
 */
@FunctionalInterface
public interface ModulePreloader {
  /** Does nothing: for kernels with everything built in. */
  ModulePreloader NONE = kinds -> {};

  /**
   * Makes the link kinds available.
   *
   * @throws Exception when a needed module cannot be loaded (the start then fails in phase MODULES)
   */
  void preload(Set<String> linkKinds) throws Exception;
}
