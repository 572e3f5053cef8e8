package dev.rtnl4j.cli;

import dev.rtnl4j.bench.workload.BootPhase;
import dev.rtnl4j.bench.workload.BootResult;
import dev.rtnl4j.bench.workload.BootSpec;
import dev.rtnl4j.nspawn.Image;
import dev.rtnl4j.nspawn.StartMode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtnl4j bootbench}: workload B1, container boot latency. Boots K containers with
 * systemd-nspawn, C at a time, and prints p50/p90/p99/max of each phase and the wall time;
 * {@code --mode all} compares rtnl4j's prepared namespaces, nspawn's veth configured over rtnetlink and
 * the seed's own way ({@code ip} processes) in one run, interleaved. Runs in a
 * private network and mount namespace (re-executing itself through unshare) unless
 * {@code --in-current-netns}, and removes everything it started, also on Ctrl-C.
 */
@Command(name = "bootbench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Workload B1: boot K containers with systemd-nspawn, C at a time, and print the phase times "
        + "(netns configured, X_NSPAWN_LEADER_PID, READY=1: p50/p90/p99/max) and the wall time.",
        "Runs in a private network + mount namespace of its own: the host's interfaces are never touched."})
final class BootBenchCommand implements Callable<Integer> {
  @Option(names = {"-k", "--containers"}, paramLabel = "K", required = true, description = "How many containers.")
  int containers;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "C",
      description = "How many boot at a time (default: 4; 1 with --serial).")
  Integer concurrency;

  @Option(names = "--serial",
      description = "Start one container after another, each prepared and booted before the next begins: a start's "
          + "latency alone, measured as the C floor of --floor is (a --concurrency other than 1 is refused). Without it the "
          + "containers go through startAll, whose network preparation runs ahead while earlier ones boot.")
  boolean serial;

  @Option(names = "--image", paramLabel = "busybox|host|DIR", defaultValue = "busybox",
      description = "busybox (the host's static busybox), host (the host's /usr, volatile root, boots systemd) "
          + "or a root directory (default: ${DEFAULT-VALUE}).")
  String image;

  @Option(names = "--mode", paramLabel = "prepared|compat|seed|both|all", defaultValue = "prepared",
      description = "prepared: rtnl4j makes the network, then nspawn; compat: nspawn's --network-veth, then "
          + "addresses and routes over rtnetlink; seed: nspawn's --network-veth, then one ip process per address, "
          + "route and link (the seed's way); both: prepared and compat; all: the three, interleaved, compared "
          + "(default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--rounds", paramLabel = "R", defaultValue = "1",
      description = "Runs of each mode, interleaved (each round starts with the next mode), compared by their "
          + "median wall time (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--floor", paramLabel = "N", defaultValue = "0",
      description = "After each prepared-mode run, run the C floor of rtnl4j's share (bench/baselines/libmnl-w b1share:"
          + " the same system calls, N containers, in C) in the same namespace and print its line beside"
          + " rtnl4j_share_ms (default: ${DEFAULT-VALUE}, off; needs gcc and libmnl-dev).")
  int floor;

  @Option(names = "--json", paramLabel = "FILE", description = "Write every container's phase times as JSON.")
  Path json;

  @Option(names = "--html", paramLabel = "FILE", description = "Write an HTML report with the charts.")
  Path html;

  @Option(names = "--prefix", defaultValue = "b", paramLabel = "PREFIX",
      description = "Container names are PREFIX0 .. PREFIX(K-1) (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--in-current-netns",
      description = "Experts: run in the current network namespace instead of a private one (host links ve-* are made there).")
  boolean inCurrentNetns;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Image img;
    try {
      img = Image.parse(image);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--image " + image + ": " + e.getMessage());
    }
    List<StartMode> modes = switch (mode.toLowerCase(Locale.ROOT)) {
      case "prepared" -> List.of(StartMode.PREPARED);
      case "compat", "compatible" -> List.of(StartMode.COMPATIBLE);
      case "seed" -> List.of(StartMode.SEED);
      case "both" -> List.of(StartMode.PREPARED, StartMode.COMPATIBLE);
      case "all" -> List.of(StartMode.PREPARED, StartMode.COMPATIBLE, StartMode.SEED);
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--mode must be prepared, compat, seed, both or all, not '" + mode + "'");
    };
    if (rounds < 1 || rounds > 100) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be 1..100, not " + rounds);
    }
    if (floor < 0 || floor > 1000) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--floor must be 0..1000, not " + floor);
    }
    List<BootSpec> runs = new ArrayList<>();
    try {
      for (int round = 0; round < rounds; round++) {
        for (int j = 0; j < modes.size(); j++) {
          runs.add(new BootSpec(containers, concurrency != null ? concurrency : serial ? 1 : 4, img,
              modes.get((round + j) % modes.size()), prefix, serial));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!inCurrentNetns && !PrivateNamespace.inside()) {
      return PrivateNamespace.reexec(originalArgs(spec));
    }
    if (!inCurrentNetns) {
      PrivateNamespace.privateRunNetns();
    }
    requireBootable();
    PrintWriter out = spec.commandLine().getOut();
    List<BootResult> results = new ArrayList<>();
    List<String> floors = new ArrayList<>();
    for (BootSpec s : runs) {
      results.add(BootRunner.run(s, out));
      if (floor > 0 && s.mode() == StartMode.PREPARED) {
        floors.add(BootRunner.shareFloor(floor, prefix + "f", out));
      }
    }
    if (modes.size() > 1 || rounds > 1) {
      ModeComparison.of(modes, results).print(out);
    }
    if (!floors.isEmpty()) {
      ModeComparison.printShareFloor(results, floors, out);
    }
    if (json != null) {
      BootRunner.writeJson(results, json);
      out.println("JSON: " + json.toAbsolutePath());
    }
    if (html != null) {
      HtmlReport report = new HtmlReport("rtnl4j bootbench: B1 container boot latency");
      results.forEach(report::boot);
      out.println("HTML report: " + report.write(html));
    }
    out.flush();
    return results.stream().allMatch(r -> r.failures().isEmpty()) ? 0 : 1;
  }

  /** The whole command line as given (sub-command name included), for the re-executed child. */
  static List<String> originalArgs(CommandLine.Model.CommandSpec spec) {
    return spec.root().commandLine().getParseResult().originalArgs();
  }

  /** Root and systemd-nspawn, or a one-line error saying what to do. */
  static void requireBootable() {
    if (!PrivateNamespace.startedByRoot()) {
      throw new CliException("booting containers needs root (systemd-nspawn does): run it with sudo");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/systemd-nspawn"))) {
      throw new CliException("/usr/bin/systemd-nspawn is missing: install the package systemd-container");
    }
  }
}
