package dev.rtnl4j.cli;

import dev.rtnl4j.rtnl.Rtnl;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;

/**
 * What a soak measures, and how it decides that something leaked.
 *
 * <p>Bounds (documented in README.md, section Reliability):
 * <ul>
 *   <li>links, network namespaces, mounts under /run/netns, child processes and processes in
 *       other PID namespaces (container processes: an init that outlived its nspawn is reparented
 *       away from this JVM, so only this count sees it): zero tolerance, end against before the
 *       first cycle (each cycle removes everything it made);</li>
 *   <li>open fds and threads: zero tolerance, end against after the warm-up (the JVM opens jars
 *       and starts helper threads lazily during the first cycles);</li>
 *   <li>Java heap after a full GC: at most 4 MiB more than after the warm-up (G1's
 *       after-GC occupancy moves by a few hundred KiB between runs);</li>
 *   <li>native memory: with NMT, the "Other" category (Unsafe/FFM {@code malloc}s: every
 *       off-heap buffer rtnl4j allocates) at most 1 MiB more than after the warm-up; the JVM's own
 *       categories (code cache, compiler arenas, metaspace) are printed but not judged. Without
 *       NMT, RSS at most 64 MiB more (coarse: it includes heap and code-cache growth).</li>
 * </ul>
 * A count that is over its bound is measured again for up to 2 s before it counts as a leak, so
 * the kernel's asynchronous namespace clean-up and exiting pool threads are not taken for leaks.
 */
final class SoakProbe {
  static final long HEAP_BOUND_KB = 4 * 1024;
  static final long NMT_OTHER_BOUND_KB = 1024;
  static final long RSS_BOUND_KB = 64 * 1024;

  private static final Pattern TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
  private static final Pattern OTHER = Pattern.compile("-\\s+Other \\(reserved=(\\d+)KB, committed=(\\d+)KB");

  private final long self = ProcessHandle.current().pid();
  private final boolean nmt;

  SoakProbe() {
    this.nmt = nmtSummary() != null;
  }

  /** One line saying how native memory is measured. */
  String nativeMemoryNote() {
    return nmt ? "native memory from NMT (VM.native_memory summary)"
        : "NMT is off (run the JVM with -XX:NativeMemoryTracking=summary); native memory falls back to RSS";
  }

  /**
   * One measurement.
   *
   * @param nativeKb NMT "Other" committed KiB, or RSS KiB without NMT
   * @param nmtTotalKb NMT total committed KiB (-1 without NMT), for information
   */
  record Sample(int fds, long nativeKb, long nmtTotalKb, long heapKb, int threads, int links, int netns, int mounts,
      int children, int containerProcesses, boolean nmt) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "fds=%d %s=%dKB%s heap_after_gc=%dKB threads=%d links=%d netns=%d netns_mounts=%d children=%d container_processes=%d",
          fds, nmt ? "nmt_other" : "rss", nativeKb, nmt ? " nmt_total=" + nmtTotalKb + "KB" : "", heapKb, threads,
          links, netns, mounts, children, containerProcesses);
    }
  }

  Sample sample() throws Exception {
    System.gc();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    long nativeKb;
    long total = -1;
    if (nmt) {
      String s = nmtSummary();
      nativeKb = group(OTHER, s, 2);
      total = group(TOTAL, s, 2);
    } else {
      nativeKb = rssKb();
    }
    return new Sample(count(Path.of("/proc/self/fd")), nativeKb, total, heap,
        ManagementFactory.getThreadMXBean().getThreadCount(), links(), count(Path.of("/run/netns")), netnsMounts(),
        children(), containerProcesses(), nmt);
  }

  /**
   * What grew beyond its bound (empty: nothing leaked); while something is over, measures again
   * for up to 2 s, so asynchronous clean-up finishing is not taken for a leak.
   */
  List<String> leaks(Sample before, Sample warm, Sample end) throws Exception {
    Sample base = warm == null ? before : warm;
    List<String> out = judge(before, base, end);
    for (int i = 0; i < 20 && !out.isEmpty(); i++) {
      Thread.sleep(100);
      out = judge(before, base, sample());
    }
    return out;
  }

  private static List<String> judge(Sample before, Sample base, Sample end) {
    List<String> out = new ArrayList<>();
    grew(out, "links", before.links(), end.links(), 0, "");
    grew(out, "netns", before.netns(), end.netns(), 0, "");
    grew(out, "netns_mounts", before.mounts(), end.mounts(), 0, "");
    grew(out, "children", before.children(), end.children(), 0, "");
    grew(out, "container_processes", before.containerProcesses(), end.containerProcesses(), 0, "");
    grew(out, "fds", base.fds(), end.fds(), 0, "");
    grew(out, "threads", base.threads(), end.threads(), 0, "");
    grew(out, "heap", base.heapKb(), end.heapKb(), HEAP_BOUND_KB, "KB");
    grew(out, end.nmt() ? "nmt_other" : "rss", base.nativeKb(), end.nativeKb(),
        end.nmt() ? NMT_OTHER_BOUND_KB : RSS_BOUND_KB, "KB");
    return out;
  }

  private static void grew(List<String> out, String what, long from, long to, long bound, String unit) {
    if (to - from > bound) {
      out.add(what + "+" + (to - from) + unit);
    }
  }

  private static String nmtSummary() {
    try {
      Object r = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
          new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
      String s = String.valueOf(r);
      return TOTAL.matcher(s).find() ? s : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static long group(Pattern p, String s, int g) {
    Matcher m = p.matcher(s);
    return m.find() ? Long.parseLong(m.group(g)) : 0;
  }

  private static long rssKb() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }

  private static int count(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return (int) s.count();
    }
  }

  private static int links() {
    try (Rtnl rtnl = Rtnl.open()) {
      return rtnl.links().list().size();
    }
  }

  private static int netnsMounts() throws IOException {
    int n = 0;
    for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] f = l.split(" ");
      if (f.length > 4 && f[4].startsWith("/run/netns/")) {
        n++;
      }
    }
    return n;
  }

  /** Processes whose parent is this JVM, zombies included (an unreaped child is a leak too). */
  private int children() {
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : ds) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (Long.parseLong(f[1]) == self) {
            n++;
          }
        } catch (IOException | RuntimeException e) {
          // gone meanwhile
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return n;
  }

  /**
   * Processes in a PID namespace other than this JVM's: container processes, wherever they were
   * reparented to. Processes whose namespace cannot be read (not ours, as an ordinary user) are
   * not counted.
   */
  private static int containerProcesses() {
    int n = 0;
    try {
      Path own = Files.readSymbolicLink(Path.of("/proc/self/ns/pid"));
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path p : ds) {
          try {
            if (!Files.readSymbolicLink(p.resolve("ns/pid")).equals(own)) {
              n++;
            }
          } catch (IOException | RuntimeException e) {
            // gone meanwhile, or not ours to read
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return n;
  }
}
