package dev.rtnl4j.nspawn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The systemd-nspawn argv for a container: one element per argument, never through a shell.
 */
final class NspawnCommand {
  private NspawnCommand() {}

  /** Default systemd-nspawn binary. */
  static final Path NSPAWN = Path.of("/usr/bin/systemd-nspawn");

  /**
   * The payload of the busybox image when no command is given: an idle init that exits on
   * SIGRTMIN+4 (38, what containers.nix's preStop sends), SIGTERM or SIGINT.
   */
  static final List<String> BUSYBOX_INIT = List.of("/bin/sh", "-c",
      "trap 'kill $! 2>/dev/null; exit 0' 38 15 2; while :; do sleep 2147483647 & wait $!; done");

  /**
   * The argv.
   *
   * @param spec the container
   * @param image the image laid out for it
   * @param mode prepared namespace or nspawn's own network options
   * @param nspawn the systemd-nspawn binary
   */
  static List<String> argv(ContainerSpec spec, ImageLayout image, StartMode mode, Path nspawn) {
    return argv(spec, image, mode, nspawn, null);
  }

  /**
   * The argv, with the prepared namespace given to nspawn as {@code unnamedNetns}
   * ({@code /proc/PID/fd/N}: named at {@code spec.netnsPath()} while nspawn starts) instead of its
   * path when not null.
   */
  static List<String> argv(ContainerSpec spec, ImageLayout image, StartMode mode, Path nspawn, String unnamedNetns) {
    List<String> a = new ArrayList<>();
    a.add(nspawn.toString());
    a.add("--register=no");
    a.add("--keep-unit");
    a.add("--machine=" + spec.name());
    a.add("--directory=" + image.root());
    a.addAll(image.nspawnArgs());
    if (spec.ownNetwork()) {
      if (mode == StartMode.PREPARED) {
        a.add("--network-namespace-path=" + (unnamedNetns != null ? unnamedNetns : spec.netnsPath().toString()));
      } else {
        compatibleNetwork(spec, a);
      }
    }
    if (spec.ephemeral()) {
      a.add("--ephemeral");
    }
    a.add("--notify-ready=" + (spec.waitsForPayloadReady() ? "yes" : "no"));
    boolean console = false;
    for (String f : spec.extraFlags()) {
      console |= f.startsWith("--console");
    }
    if (!console) {
      a.add(spec.boots() ? "--console=read-only" : "--console=pipe");
    }
    for (BindMount b : spec.bindMounts()) {
      a.add(b.nspawnArgument());
    }
    for (String t : spec.tmpfs()) {
      a.add("--tmpfs=" + t);
    }
    List<String> caps = spec.effectiveCapabilities();
    if (!caps.isEmpty()) {
      a.add("--capability=" + String.join(",", caps));
    }
    for (AllowedDevice d : spec.effectiveDevices()) {
      boolean write = d.modifier().indexOf('w') >= 0;
      a.add((write ? "--bind=" : "--bind-ro=") + BindMount.escape(d.node()));
    }
    a.addAll(spec.extraFlags());
    if (spec.boots()) {
      a.add("--boot");
      a.add("--");
      a.addAll(image.initArgs());
    } else {
      a.add("--");
      a.addAll(spec.command().isEmpty() ? BUSYBOX_INIT : spec.command());
    }
    return a;
  }

  /** containers.nix's startScript flags: nspawn makes the links itself. */
  private static void compatibleNetwork(ContainerSpec spec, List<String> a) {
    if (spec.privateNetwork()) {
      a.add("--private-network");
    }
    if (spec.hasMainVeth()) {
      a.add(spec.hostBridge() != null ? "--network-bridge=" + spec.hostBridge() : "--network-veth");
    }
    for (PortForward p : spec.forwardPorts()) {
      a.add("--port=" + p.nspawnValue());
    }
    for (ExtraVeth v : spec.extraVeths()) {
      a.add("--network-veth-extra=" + v.name());
    }
    for (String i : spec.interfaces()) {
      a.add("--network-interface=" + i);
    }
    for (String m : spec.macvlans()) {
      a.add("--network-macvlan=" + m);
    }
  }
}
