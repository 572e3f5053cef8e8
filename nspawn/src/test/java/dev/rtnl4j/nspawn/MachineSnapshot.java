package dev.rtnl4j.nspawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a container start could leave behind, taken before and compared after: host links,
 * namespaces under /run/netns, child processes, mounts, open fds, files in the state directory and
 * rtnl4j's nftables tables ({@code nft list tables}, the independent witness). Open fds are
 * {@code "N -> target"} entries ({@code socket:[inode]}, a path…), so that a start which leaves
 * one open is told from a file the JVM closed meanwhile (a class path jar, a collected channel);
 * the runtime's spare namespaces, replaced as starts take them, are left out.
 */
record MachineSnapshot(List<String> links, List<String> netns, List<Long> processes, List<String> mounts,
    List<String> fds, List<String> stateFiles, List<String> nftTables) {

  /**
   * The snapshot, leaving out the fds {@code runtime}'s spares hold and the host ends of their veths
   * (they are replaced as starts take them).
   */
  static MachineSnapshot take(Path stateDir, ContainerRuntime runtime) throws Exception {
    java.util.Set<String> spares = spareFdNumbers(runtime);
    List<String> spareLinks = runtime.spareLinks();
    List<String> links = Files.readAllLines(Path.of("/proc/self/net/dev")).stream().skip(2)
        .map(l -> l.substring(0, l.indexOf(':')).strip()).filter(l -> !spareLinks.contains(l)).sorted().toList();
    List<String> netns;
    try (Stream<Path> s = Files.list(Path.of("/run/netns"))) {
      netns = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<Long> procs = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid).sorted().toList();
    List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(l -> l.split(" ")[4]).sorted().toList();
    List<String> fds = openFds(spares);
    TreeSet<String> files = new TreeSet<>();
    if (Files.exists(stateDir)) {
      try (Stream<Path> s = Files.walk(stateDir)) {
        // images/busybox is the shared busybox tree, assembled once and kept for the next start
        s.filter(p -> !Files.isDirectory(p)).map(p -> stateDir.relativize(p).toString())
            .filter(f -> !f.startsWith("images/busybox/")).forEach(files::add);
      } catch (IOException e) {
        throw e;
      }
    }
    // rtnl4j's own tables; nspawn's io.systemd.nat (compatible mode's --port) stays by nspawn's design
    List<String> tables = IpCommandBackend.run(List.of("nft", "list", "tables")).lines().map(String::strip)
        .filter(l -> l.contains(" rtnl4j-")).sorted().toList();
    return new MachineSnapshot(links, netns, procs, mounts, fds, List.copyOf(files), tables);
  }

  /**
   * The fds open now (but for {@code leftOut}) that are not in {@code before}, leaving out those
   * closed again within 200 ms: the JVM opens files of its own for a moment (CI caught one reading
   * its cgroup's {@code memory.limit_in_bytes}), and a listing can catch one. What rtnl4j leaves
   * open stays open.
   */
  static List<String> fdsOpenedSince(List<String> before, java.util.Set<String> leftOut) throws Exception {
    List<String> left = openFds(leftOut).stream().filter(fd -> !before.contains(fd)).toList();
    if (left.isEmpty()) {
      return left;
    }
    Thread.sleep(200);
    List<String> again = openFds(leftOut);
    return left.stream().filter(again::contains).toList();
  }

  /** The numbers of the fds {@code runtime}'s spares hold. */
  static java.util.Set<String> spareFdNumbers(ContainerRuntime runtime) {
    java.util.Set<String> spares = new java.util.HashSet<>();
    for (int fd : runtime.spareFds()) {
      spares.add(Integer.toString(fd));
    }
    return spares;
  }

  /** This JVM's open fds as {@code "N -> target"}, but for the fd numbers in {@code leftOut} and the listing's own. */
  static List<String> openFds(java.util.Set<String> leftOut) throws IOException {
    List<String> fds = new ArrayList<>();
    String listing = "/proc/" + ProcessHandle.current().pid() + "/fd";   // the listing's own directory fd
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) s::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (!target.equals(listing) && !leftOut.contains(fd.getFileName().toString())) {
            fds.add(fd.getFileName() + " -> " + target);
          }
        } catch (NoSuchFileException closedMeanwhile) {
          // closed between the listing and the readlink: not open now
        }
      }
    }
    return fds;
  }
}
