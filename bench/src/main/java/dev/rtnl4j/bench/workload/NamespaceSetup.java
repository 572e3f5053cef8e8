package dev.rtnl4j.bench.workload;

import dev.rtnl4j.nspawn.IpPrefix;
import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.proto.Request;
import dev.rtnl4j.rtnl.AddressSpec;
import dev.rtnl4j.rtnl.Bridge;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Links;
import dev.rtnl4j.rtnl.Rtnl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The untimed parts of a workload: creating the N namespaces ({@code ip netns add}, as the
 * workload defines them) and W2's bridge, and removing everything afterwards.
 */
public final class NamespaceSetup {
  private NamespaceSetup() {}

  private static String ip() {
    return System.getenv().getOrDefault("RTNL4J_IP", "/usr/sbin/ip");
  }

  /** Creates namespaces PREFIX0..PREFIX(N-1) with {@code ip netns add} (one {@code ip -batch}), and W2's bridge. */
  public static void setUp(WorkloadSpec spec) throws IOException, InterruptedException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < spec.containers(); i++) {
      lines.append("netns add ").append(spec.namespace(i)).append('\n');
    }
    run(List.of(ip(), "-batch", "-"), lines.toString());
    if (spec.workload() == Workload.W2) {
      try (Rtnl rtnl = Rtnl.open()) {
        rtnl.links().create(LinkSpec.builder(spec.bridge(), Bridge.defaults()).up().build());
        int index = rtnl.links().get(LinkRef.name(spec.bridge())).index();
        rtnl.addresses().add(AddressSpec.of(index, IpPrefix.parse(WorkloadSpec.BRIDGE_ADDRESS).address(), 16));
      }
    }
  }

  /**
   * Deletes the host ends of the veths (which takes the container ends with them), W2's bridge,
   * and the namespaces.
   */
  public static void tearDown(WorkloadSpec spec) throws IOException, InterruptedException {
    try (Rtnl rtnl = Rtnl.open()) {
      List<Request> deletes = new ArrayList<>();
      for (Link l : rtnl.links().listByKind("veth")) {
        if (l.name().startsWith("ve-" + spec.prefix())) {
          deletes.add(Links.deleteRequest(LinkRef.index(l.index())));
        }
      }
      rtnl.channel().batch(deletes).throwIfFailedOtherThan(dev.rtnl4j.sys.Errno.ENODEV);
      if (spec.workload() == Workload.W2) {
        try {
          rtnl.links().delete(LinkRef.name(spec.bridge()));
        } catch (KernelException e) {
          if (!"ENODEV".equals(e.errnoName())) {
            throw e;
          }
        }
      }
    }
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < spec.containers(); i++) {
      if (Files.exists(Path.of("/run/netns", spec.namespace(i)))) {
        lines.append("netns del ").append(spec.namespace(i)).append('\n');
      }
    }
    if (!lines.isEmpty()) {
      run(List.of(ip(), "-batch", "-"), lines.toString());
    }
  }

  private static void run(List<String> argv, String stdin) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.PIPE).start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + err.strip());
    }
  }
}
