package dev.rtnl4j.bench.workload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * W1/W2 with iproute2. Per command ({@code ip}): one {@code ip} process per operation, container
 * operations as {@code ip -n NS ...}. Batched ({@code ip-batch}), the fastest faithful way found:
 * the host commands of all containers in one {@code ip -batch -}, then one {@code ip -n NS -batch -}
 * per container ({@code -n} is a global option of ip, not available per batch line). The final
 * state is the same as running the nine commands per container one after another.
 */
public final class IpImplementation implements Implementation {
  private final boolean batch;
  private final String ip;

  /** Per-command when {@code batch} is false. */
  public IpImplementation(boolean batch) {
    this.batch = batch;
    this.ip = System.getenv().getOrDefault("RTNL4J_IP", "/usr/sbin/ip");
  }

  @Override
  public String name() {
    return batch ? "ip-batch" : "ip";
  }

  /** The host commands of container {@code i} (argv after "ip"). */
  static List<List<String>> hostCommands(WorkloadSpec spec, int i) {
    String dev = spec.hostLink(i);
    List<List<String>> c = new ArrayList<>();
    c.add(List.of("link", "add", dev, "type", "veth", "peer", "name", "eth0", "netns", spec.namespace(i)));
    if (spec.workload() == Workload.W1) {
      c.add(List.of("addr", "add", WorkloadSpec.hip(i) + "/32", "dev", dev));
      c.add(List.of("link", "set", dev, "up"));
      c.add(List.of("route", "add", WorkloadSpec.lip(i) + "/32", "dev", dev));
    } else {
      c.add(List.of("link", "set", dev, "master", spec.bridge()));
      c.add(List.of("link", "set", dev, "up"));
    }
    return c;
  }

  /** The container commands of container {@code i} (argv after "ip -n NS"). */
  static List<List<String>> containerCommands(WorkloadSpec spec, int i) {
    List<List<String>> c = new ArrayList<>();
    c.add(List.of("link", "set", "lo", "up"));
    if (spec.workload() == Workload.W1) {
      c.add(List.of("addr", "add", WorkloadSpec.lip(i) + "/32", "dev", "eth0"));
      c.add(List.of("link", "set", "eth0", "up"));
      c.add(List.of("route", "add", WorkloadSpec.hip(i) + "/32", "dev", "eth0"));
      c.add(List.of("route", "add", "default", "via", WorkloadSpec.hip(i)));
    } else {
      c.add(List.of("addr", "add", WorkloadSpec.lip(i) + "/16", "dev", "eth0"));
      c.add(List.of("link", "set", "eth0", "up"));
      c.add(List.of("route", "add", "default", "via", WorkloadSpec.BRIDGE_ADDRESS));
    }
    return c;
  }

  @Override
  public long run(WorkloadSpec spec) throws Exception {
    return run(spec, done -> { });
  }

  @Override
  public long run(WorkloadSpec spec, java.util.function.IntConsumer progress) throws Exception {
    long start = System.nanoTime();
    if (batch) {
      StringBuilder host = new StringBuilder();
      for (int i = 0; i < spec.containers(); i++) {
        for (List<String> c : hostCommands(spec, i)) {
          host.append(String.join(" ", c)).append('\n');
        }
      }
      exec(List.of(ip, "-batch", "-"), host.toString());
      for (int i = 0; i < spec.containers(); i++) {
        StringBuilder inside = new StringBuilder();
        for (List<String> c : containerCommands(spec, i)) {
          inside.append(String.join(" ", c)).append('\n');
        }
        exec(List.of(ip, "-n", spec.namespace(i), "-batch", "-"), inside.toString());
        progress.accept(i + 1);
      }
    } else {
      for (int i = 0; i < spec.containers(); i++) {
        for (List<String> c : hostCommands(spec, i)) {
          List<String> argv = new ArrayList<>(c.size() + 1);
          argv.add(ip);
          argv.addAll(c);
          exec(argv, null);
        }
        for (List<String> c : containerCommands(spec, i)) {
          List<String> argv = new ArrayList<>(c.size() + 3);
          argv.add(ip);
          argv.add("-n");
          argv.add(spec.namespace(i));
          argv.addAll(c);
          exec(argv, null);
        }
        progress.accept(i + 1);
      }
    }
    return System.nanoTime() - start;
  }

  private static void exec(List<String> argv, String stdin) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(argv)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.PIPE);
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p = pb.start();
    if (stdin != null) {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException(String.join(" ", argv) + " exited " + rc + ": " + err.strip());
    }
  }
}
