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
      description = "prepared (rtnetlink before nspawn, default) or compatible (nspawn's --network-veth & co, as containers.nix).")
  String mode;

  StartMode startMode() {
    return switch (mode.toLowerCase(java.util.Locale.ROOT)) {
      case "prepared" -> StartMode.PREPARED;
      case "compatible", "compat" -> StartMode.COMPATIBLE;
      default -> throw new IllegalArgumentException("--mode must be prepared or compatible, not " + mode);
    };
  }

  ContainerRuntime runtime() {
    return ContainerRuntime.builder().stateDir(stateDir).mode(startMode()).build();
  }
}
