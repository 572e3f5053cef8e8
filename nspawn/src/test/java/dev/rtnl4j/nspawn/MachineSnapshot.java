package dev.rtnl4j.nspawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a container start could leave behind, taken before and compared after: host links,
 * namespaces under /run/netns, child processes, mounts, open fds, files in the state directory and
 * rtnl4j's nftables tables ({@code nft list tables}, the independent witness).
 */
record MachineSnapshot(List<String> links, List<String> netns, List<Long> processes, List<String> mounts,
    int fds, List<String> stateFiles, List<String> nftTables) {

  static MachineSnapshot take(Path stateDir) throws Exception {
    List<String> links = Files.readAllLines(Path.of("/proc/self/net/dev")).stream().skip(2)
        .map(l -> l.substring(0, l.indexOf(':')).strip()).sorted().toList();
    List<String> netns;
    try (Stream<Path> s = Files.list(Path.of("/run/netns"))) {
      netns = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<Long> procs = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid).sorted().toList();
    List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(l -> l.split(" ")[4]).sorted().toList();
    int fds;
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      fds = (int) s.count();
    }
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
}
