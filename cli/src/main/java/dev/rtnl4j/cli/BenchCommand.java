package dev.rtnl4j.cli;

import dev.rtnl4j.bench.workload.Implementation;
import dev.rtnl4j.bench.workload.Workload;
import dev.rtnl4j.bench.workload.WorkloadDriver;
import dev.rtnl4j.bench.workload.WorkloadResult;
import dev.rtnl4j.bench.workload.WorkloadSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rtnl4j bench w1|w2}: runs a reference workload (workloads.md) and prints its line,
 * {@code w1 impl=<name> n=<N> total_ms=<float> per_container_us=<float>}, last on stdout.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run workload W1 (routed veth per container) or W2 (bridged) and print its timing.")
public final class BenchCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "w1 or w2")
  String workload;

  @Option(names = "--containers", required = true, description = "number of containers N")
  int containers;

  @Option(names = "--netns-prefix", required = true, description = "namespaces are PREFIX0 .. PREFIX(N-1)")
  String prefix;

  @Option(names = "--impl", defaultValue = "rtnl4j", description = "rtnl4j, ip, ip-batch, or the baselines libmnl (hand-written C, the floor) and go-netlink (vishvananda/netlink) (default: ${DEFAULT-VALUE})")
  String impl;

  @Option(names = "--setup", description = "create the namespaces (and W2's bridge) first, untimed")
  boolean setup;

  @Option(names = "--cleanup", description = "delete links, bridge and namespaces afterwards, untimed")
  boolean cleanup;

  @Option(names = "--rounds", defaultValue = "1", paramLabel = "R",
      description = "run the workload R times in this one process, each round on namespaces set up afresh and torn down"
          + " after it (needs --setup); one output line per round, the first from a cold JVM, the later ones warm"
          + " (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--pause", defaultValue = "0", paramLabel = "SECONDS",
      description = "wait this long after a round's teardown before the next round: the kernel dismantles deleted"
          + " namespaces in the background, and that work would otherwise fall into the next round's time (default: ${DEFAULT-VALUE})")
  double pause;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec commandSpec;

  @Override
  public Integer call() throws Exception {
    Workload w = switch (workload.toLowerCase()) {
      case "w1" -> Workload.W1;
      case "w2" -> Workload.W2;
      default -> throw new picocli.CommandLine.ParameterException(
          commandSpec.commandLine(), "workload must be w1 or w2, not '" + workload + "'");
    };
    WorkloadSpec spec;
    Implementation implementation;
    try {
      spec = new WorkloadSpec(w, containers, prefix);
      implementation = Implementation.named(impl);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
    }
    if (!(pause >= 0)) {
      throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(), "--pause must be 0 or more seconds, not " + pause);
    }
    if (rounds < 1 || (rounds > 1 && !setup)) {
      throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(),
          rounds < 1 ? "--rounds must be at least 1, not " + rounds : "--rounds " + rounds + " needs --setup: every round starts on new namespaces");
    }
    for (int round = 1; round <= rounds; round++) {
      WorkloadResult r = WorkloadDriver.run(spec, implementation, setup, cleanup || round < rounds);
      commandSpec.commandLine().getOut().println(r.line());
      commandSpec.commandLine().getOut().flush();
      if (round < rounds && pause > 0) {
        Thread.sleep((long) (pause * 1000));
      }
    }
    return 0;
  }
}
