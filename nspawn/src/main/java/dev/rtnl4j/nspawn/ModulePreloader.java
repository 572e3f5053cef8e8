package dev.rtnl4j.nspawn;

import java.util.List;
import java.util.Set;

/**
 * Makes the kernel's link kinds available before a container needs them (containers.nix's
 * {@code boot.kernelModules = bridge macvlan tap tun}). The runtime calls it with the kinds a
 * start needs ("veth", "bridge", "macvlan", "tun"). Like the seed (whose module loading tolerates
 * failures), a kind that cannot be made available does not stop the start by itself: its problem
 * is returned, and quoted in the error if the network phase then fails.
 */
@FunctionalInterface
public interface ModulePreloader {
  /** Does nothing: for kernels with everything built in. */
  ModulePreloader NONE = kinds -> List.of();

  /**
   * Makes the link kinds available.
   *
   * @return problems, one per kind that is not available ("macvlan: not available (...)"); empty
   *     when all are
   * @throws Exception when the loader itself cannot work (the start then fails in phase MODULES)
   */
  List<String> preload(Set<String> linkKinds) throws Exception;
}
