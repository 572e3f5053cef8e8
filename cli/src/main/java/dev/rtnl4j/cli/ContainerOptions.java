package dev.rtnl4j.cli;

import dev.rtnl4j.nspawn.ContainerRuntime;
import dev.rtnl4j.nspawn.StartMode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by {@code up}, {@code down} and {@code status}: the state directory and the start mode. */
final class ContainerOptions {
  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "/run/rtnl4j",
      description = "Where rtnl4j keeps container state, logs and notify sockets (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "prepared",
      description = "prepared (rtnetlink before nspawn, default), compatible (nspawn's --network-veth & co, as containers.nix) "
          + "or seed (as compatible, with one ip process per address/route, as the seed's scripts).")
  String mode;

  StartMode startMode() {
    return switch (mode.toLowerCase(java.util.Locale.ROOT)) {
      case "prepared" -> StartMode.PREPARED;
      case "compatible", "compat" -> StartMode.COMPATIBLE;
      case "seed" -> StartMode.SEED;
      default -> throw new IllegalArgumentException("--mode must be prepared, compatible or seed, not " + mode);
    };
  }

  /**
   * The runtime, without spare namespaces: a command's process ends after its containers started
   * ({@code startAll} prepares them ahead anyway), and {@code down} and {@code status} start none.
   */
  ContainerRuntime runtime() {
    return ContainerRuntime.builder().stateDir(stateDir).mode(startMode()).spareNamespaces(0).build();
  }
}
