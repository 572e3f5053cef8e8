package dev.rtnl4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rtnl4j.bench.workload.BootResult;
import dev.rtnl4j.bench.workload.BootSample;
import dev.rtnl4j.bench.workload.BootSpec;
import dev.rtnl4j.bench.workload.BootWorkload;
import dev.rtnl4j.bench.workload.PhaseStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Runs one B1 run for {@code bootbench} and {@code demo}: a private state directory, a progress
 * bar, a shutdown hook that stops and removes everything when the JVM is interrupted (Ctrl-C),
 * and the printed percentiles. Also writes the runs as JSON.
 */
final class BootRunner {
  private BootRunner() {}

  /** Runs {@code spec}, printing its phase percentiles and wall time to {@code out}. */
  static BootResult run(BootSpec spec, PrintWriter out) throws IOException, InterruptedException {
    java.util.concurrent.atomic.AtomicReference<BootWorkload> running = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<Path> stateDir = new java.util.concurrent.atomic.AtomicReference<>();
    Thread hook = new Thread(() -> {
      BootWorkload w = running.get();
      if (w != null) {
        w.abort();
        w.close();
      }
      if (stateDir.get() != null) {
        removeStateDir(stateDir.get());
      }
    }, "rtnl4j-b1-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    BootResult r;
    BootWorkload w = null;
    try {
      stateDir.set(createStateDir());
      w = new BootWorkload(spec, stateDir.get());
      running.set(w);
      try (Progress p = Progress.start("booting " + spec.containers() + " " + spec.image() + " containers ("
          + spec.modeLabel() + ", " + spec.pace() + ")", spec.containers())) {
        r = w.run(p);
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
      if (w != null) {
        w.close();
      }
      if (stateDir.get() != null) {
        removeStateDir(stateDir.get());
      }
    }
    print(r, out);
    return r;
  }

  /**
   * A new state directory under /tmp; in bootbench's private mount namespace a tmpfs is mounted on
   * it, as /run (rtnl4j's default state directory) is a tmpfs on systemd machines: state files,
   * notify sockets and logs then cost no disk journal (this machine's /run is on disk).
   */
  /**
   * Runs the C floor of the share ({@link dev.rtnl4j.bench.workload.BaselineImplementation#shareFloor})
   * for {@code containers} containers with its files on a tmpfs like the runtime's state directory,
   * prints its line and returns it.
   */
  static String shareFloor(int containers, String prefix, PrintWriter out) throws IOException, InterruptedException {
    Path dir = createStateDir();
    try {
      String line = dev.rtnl4j.bench.workload.BaselineImplementation.shareFloor(prefix, containers, dir);
      out.println("  " + line);
      out.flush();
      return line;
    } finally {
      removeStateDir(dir);
    }
  }

  private static Path createStateDir() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-b1-");
    if (PrivateNamespace.inside()) {
      int r = dev.rtnl4j.sys.Syscalls.mount("rtnl4j-b1", dir.toString(), "tmpfs", 0, "mode=0755");
      if (r < 0) {
        Files.deleteIfExists(dir);
        throw new IOException("mount tmpfs on " + dir + ": " + dev.rtnl4j.sys.Errno.name(-r));
      }
    }
    return dir;
  }

  /** Unmounts the state directory's tmpfs (when it has one) and removes the directory. */
  private static void removeStateDir(Path dir) {
    dev.rtnl4j.sys.Syscalls.umount2(dir.toString(), dev.rtnl4j.sys.Syscalls.MNT_DETACH); // EINVAL when no tmpfs
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // best effort
    }
  }

  static void print(BootResult r, PrintWriter out) {
    out.println("B1 image=" + r.spec().image() + " mode=" + r.spec().modeLabel() + ": " + r.spec().containers()
        + " containers, " + r.spec().pace() + " (ms from launch requested)");
    for (PhaseStats s : r.stats()) {
      out.println("  " + s.line());
    }
    out.println(String.format(Locale.ROOT, "  wall     %.1f ms for all %d (%d failed)", r.wallMillis(),
        r.spec().containers(), r.failures().size()));
    out.println("  " + r.shareLine());
    out.println("  " + r.shareStepsLine());
    for (BootSample f : r.failures()) {
      out.println("  failed: " + f.failure().lines().findFirst().orElse(""));
    }
    for (String p : r.cleanupProblems()) {
      out.println("  clean-up problem: " + p);
    }
    out.println(r.line());
    out.flush();
  }

  /** Writes {@code runs} to {@code file}: per run its parameters, statistics and every container's phase times. */
  static void writeJson(List<BootResult> runs, Path file) throws IOException {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("workload", "B1");
    root.put("machine", HtmlReport.machine());
    root.put("unit", "ms from launch requested");
    ArrayNode list = root.putArray("runs");
    for (BootResult r : runs) {
      ObjectNode o = list.addObject();
      o.put("image", r.spec().image().toString());
      o.put("mode", r.spec().modeLabel());
      o.put("containers", r.spec().containers());
      o.put("concurrency", r.spec().concurrency());
      o.put("serial", r.spec().serial());
      o.put("started_at_epoch_ms", r.startedAtEpochMillis());
      o.put("wall_ms", r.wallMillis());
      o.put("rtnl4j_share", r.shareLine());
      ObjectNode stats = o.putObject("stats");
      for (PhaseStats s : r.stats()) {
        ObjectNode p = stats.putObject(s.phase().label());
        p.put("count", s.count());
        if (s.count() > 0) {
          p.put("p50", s.p50());
          p.put("p90", s.p90());
          p.put("p99", s.p99());
          p.put("max", s.max());
        }
      }
      ArrayNode cs = o.putArray("containers_detail");
      for (BootSample s : r.samples()) {
        ObjectNode c = cs.addObject();
        c.put("index", s.index());
        c.put("name", s.name());
        c.put("started", s.started());
        if (!s.started()) {
          c.put("failure", s.failure());
        }
        ms(c, "queued", s.queued());
        ms(c, "netns", s.netns());
        ms(c, "exec", s.exec());
        ms(c, "spawned", s.spawned());
        ms(c, "ready", s.ready());
        ms(c, "rtnl4j_share", s.own());
        ms(c, "rtnl4j_share_cpu", s.ownCpu());
        ms(c, "rtnl4j_alongside", s.alongside());
        ms(c, "rtnl4j_alongside_cpu", s.alongsideCpu());
      }
      ArrayNode problems = o.putArray("cleanup_problems");
      r.cleanupProblems().forEach(problems::add);
    }
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    m.writerWithDefaultPrettyPrinter().writeValue(abs.toFile(), root);
  }

  private static void ms(ObjectNode o, String name, long nanos) {
    if (nanos < 0) {
      o.putNull(name + "_ms");
    } else {
      o.put(name + "_ms", nanos / 1e6);
    }
  }
}
