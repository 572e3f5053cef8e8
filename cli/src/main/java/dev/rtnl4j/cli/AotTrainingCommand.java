package dev.rtnl4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rtnl4j aot-training} (hidden): the workload {@code bin/rtnl4j} runs once per build, in its
 * sandbox, to train the JVM's ahead-of-time cache (JEP 483/515: classes loaded and linked, method
 * profiles). W1 with 300 containers covers the netlink paths; where containers can boot here (root,
 * systemd-nspawn, the host's static busybox), 8 busybox containers started one after another cover
 * a container's start, which a one-shot {@code rtnl4j up} otherwise runs cold. A boot part that
 * fails leaves the W1 training standing: it says so and the status stays 0.
 */
@Command(name = "aot-training", hidden = true, mixinStandardHelpOptions = true,
    description = "The workload bin/rtnl4j trains the JVM's ahead-of-time cache with (W1, then container starts where possible).")
final class AotTrainingCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    int w1 = sub().execute("bench", "w1", "--containers", "300", "--netns-prefix", "aot", "--setup", "--cleanup",
        "--impl", "rtnl4j");
    if (w1 != 0) {
      return w1;
    }
    try {
      BootBenchCommand.requireBootable();
    } catch (CliException e) {
      spec.commandLine().getOut().println("aot-training: no container starts (" + e.getMessage() + ")");
      return 0;
    }
    if (!Files.isExecutable(Path.of("/bin/busybox"))) {
      spec.commandLine().getOut().println("aot-training: no container starts (/bin/busybox is missing: busybox-static)");
      return 0;
    }
    int boot = sub().execute("bootbench", "--containers", "8", "--serial", "--in-current-netns",
        "--prefix", "aot");
    if (boot != 0) {
      spec.commandLine().getOut().println("aot-training: the container starts failed (status " + boot
          + "); the cache is trained on W1 alone");
    }
    return 0;
  }

  /** A fresh command line for a part, writing where this command writes. */
  private CommandLine sub() {
    return Main.commandLine().setOut(spec.commandLine().getOut()).setErr(spec.commandLine().getErr());
  }
}
